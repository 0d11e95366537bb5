package uz.coffeeshop.keycloak.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        LimitOptions options = LimitOptions.parse(name -> null);

        assertThat(options.window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.quota(LimitedAction.SIGNUP)).isEqualTo(new Quota(30, 3));
        assertThat(options.quota(LimitedAction.RESEND)).isEqualTo(new Quota(30, 3));
        assertThat(options.quota(LimitedAction.EMAIL_CHANGE)).isEqualTo(new Quota(30, 3));
    }

    @Test
    void eachQuotaHasItsOwnOptionAndZeroTurnsItOff() {
        Map<String, String> given = Map.of("signup-per-ip", "0", "resend-per-address", "9", "window-seconds", "60");

        LimitOptions options = LimitOptions.parse(given::get);

        assertThat(options.quota(LimitedAction.SIGNUP)).isEqualTo(new Quota(0, 3));
        assertThat(options.quota(LimitedAction.RESEND)).isEqualTo(new Quota(30, 9));
        assertThat(options.window()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aBadValueNamesTheOption() {
        assertThatThrownBy(() -> LimitOptions.parse(Map.of("email-change-per-ip", "many")::get))
                .hasMessageContaining("--spi-coffee-limits--default--email-change-per-ip");
        assertThatThrownBy(() -> LimitOptions.parse(Map.of("window-seconds", "0")::get))
                .hasMessageContaining("window-seconds");
        assertThatThrownBy(() -> LimitOptions.parse(Map.of("signup-per-address", "-1")::get))
                .hasMessageContaining("signup-per-address");
    }

    @Test
    void everyOptionIsDeclaredInTheMetadata() {
        assertThat(LimitOptions.metadata())
                .extracting(property -> property.getName())
                .containsExactlyInAnyOrder(
                        "window-seconds",
                        "signup-per-ip",
                        "signup-per-address",
                        "resend-per-ip",
                        "resend-per-address",
                        "email-change-per-ip",
                        "email-change-per-address");
    }
}
