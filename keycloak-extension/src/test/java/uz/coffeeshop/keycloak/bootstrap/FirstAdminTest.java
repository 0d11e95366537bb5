package uz.coffeeshop.keycloak.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FirstAdminTest {

    @Test
    void bothVariablesMakeAFirstAdminWithTheEmailInLowerCase() {
        assertThat(FirstAdmin.fromEnvironment("coffee-shop", " Owner@Example.COM ", "long enough secret"))
                .hasValueSatisfying(admin -> {
                    assertThat(admin.email()).isEqualTo("owner@example.com");
                    assertThat(admin.password()).isEqualTo("long enough secret");
                });
    }

    @Test
    void oneVariableWithoutTheOtherMakesNone() {
        assertThat(FirstAdmin.fromEnvironment("coffee-shop", "owner@example.com", null))
                .isEmpty();
        assertThat(FirstAdmin.fromEnvironment("coffee-shop", "owner@example.com", ""))
                .isEmpty();
        assertThat(FirstAdmin.fromEnvironment("coffee-shop", null, "long enough secret"))
                .isEmpty();
        assertThat(FirstAdmin.fromEnvironment("coffee-shop", "  ", "long enough secret"))
                .isEmpty();
    }

    @Test
    void neitherVariableMakesNoneAndNoDefaultPassword() {
        assertThat(FirstAdmin.fromEnvironment("coffee-shop", null, null)).isEmpty();
    }

    @Test
    void thePasswordNeverAppearsWhenTheAdminIsPrinted() {
        String printed = FirstAdmin.fromEnvironment("coffee-shop", "owner@example.com", "long enough secret")
                .orElseThrow()
                .toString();
        assertThat(printed).contains("owner@example.com").doesNotContain("long enough secret");
    }
}
