package uz.coffeeshop.keycloak.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SmtpSettingsTest {

    private static final Map<String, String> REALM_SMTP = Map.of(
            "host", "smtp.example.com",
            "port", "587",
            "from", "no-reply@coffee-shop.test",
            "auth", "true",
            "user", "mailer",
            "password", "s3cret",
            "authTokenClientSecret", "t0ken-secret");

    @Test
    void storedSettingsNeverHoldTheRealmsSecrets() {
        String stored = SmtpSettings.withoutSecrets(REALM_SMTP);

        assertThat(stored).contains("smtp.example.com", "mailer").doesNotContain("s3cret", "t0ken-secret");
    }

    @Test
    void deliveryUsesTheStoredSettingsAndTheOutboxTimeouts() {
        Map<String, String> config =
                SmtpSettings.forDelivery(SmtpSettings.withoutSecrets(REALM_SMTP), null, OutboxOptions.DEFAULTS);

        assertThat(config)
                .containsEntry("host", "smtp.example.com")
                .containsEntry("port", "587")
                .containsEntry("user", "mailer")
                .containsEntry("connectionTimeout", "10000")
                .containsEntry("timeout", "10000")
                .containsEntry("writeTimeout", "10000")
                .doesNotContainKey("password");
    }
}
