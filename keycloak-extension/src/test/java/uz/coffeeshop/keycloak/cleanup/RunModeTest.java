package uz.coffeeshop.keycloak.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

class RunModeTest {

    private static final CleanupOptions OPTIONS = CleanupOptions.defaults(name -> null);

    private final Map<String, String> attributes = new HashMap<>();
    private final RealmModel realm = realm(attributes);

    @Test
    void aRunForRealTurnsDryAtTheFirstRecheckAfterTheSwitchWentOn() {
        RunMode mode = new RunMode(false, false);
        mode.recheck(realm, OPTIONS);
        assertThat(mode.dry()).isFalse();

        attributes.put(CleanupPolicy.DRY_RUN_ATTRIBUTE, "true");
        mode.recheck(realm, OPTIONS);

        assertThat(mode.dry()).isTrue();
        assertThat(mode.startedDry()).isFalse();
        assertThat(mode.turnedDryAt()).isPresent();
    }

    @Test
    void aRunStaysDryWhenTheSwitchGoesOffAgain() {
        RunMode mode = new RunMode(false, false);
        attributes.put(CleanupPolicy.DRY_RUN_ATTRIBUTE, "true");
        mode.recheck(realm, OPTIONS);
        attributes.put(CleanupPolicy.DRY_RUN_ATTRIBUTE, "false");
        mode.recheck(realm, OPTIONS);

        assertThat(mode.dry()).isTrue();
    }

    @Test
    void aSwitchAlreadyOnAtTheStartLeavesAManualRunForReal() {
        attributes.put(CleanupPolicy.DRY_RUN_ATTRIBUTE, "true");
        RunMode mode = new RunMode(false, true);
        mode.recheck(realm, OPTIONS);

        assertThat(mode.dry()).isFalse();
        assertThat(mode.turnedDryAt()).isEmpty();
    }

    @Test
    void aPreviewIsDryFromTheStartAndNeverTurns() {
        RunMode mode = new RunMode(true, false);
        attributes.put(CleanupPolicy.DRY_RUN_ATTRIBUTE, "true");
        mode.recheck(realm, OPTIONS);

        assertThat(mode.dry()).isTrue();
        assertThat(mode.turnedDryAt()).isEmpty();
    }

    private static RealmModel realm(Map<String, String> attributes) {
        return (RealmModel) Proxy.newProxyInstance(
                RealmModel.class.getClassLoader(),
                new Class<?>[] {RealmModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getName" -> "shop";
                    case "getAttribute" -> args.length == 1 ? attributes.get((String) args[0]) : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
