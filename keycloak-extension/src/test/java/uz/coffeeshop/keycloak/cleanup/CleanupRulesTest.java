package uz.coffeeshop.keycloak.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CleanupRulesTest {

    @Test
    void theCleanupIsNeverOnForMaster() {
        assertThat(CleanupRules.enabledInRealm("master", true)).isPresent();
        assertThat(CleanupRules.enabledInRealm("master", false)).isEmpty();
        assertThat(CleanupRules.enabledInRealm("coffee-shop", true)).isEmpty();
    }
}
