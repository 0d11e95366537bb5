package uz.coffeeshop.keycloak.mail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.RealmModel;

/**
 * The SMTP settings stored with a message: the realm's settings at the time of sending, minus its secrets, which
 * never go into the outbox table; delivery takes them from the realm as it is then (a rotated password just works).
 */
final class SmtpSettings {

    /** Keycloak's secret keys of a realm's {@code smtpServer}: basic auth password, XOAUTH2 client secret. */
    private static final Set<String> SECRETS = Set.of("password", "authTokenClientSecret");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> SETTINGS = new TypeReference<>() {};

    private SmtpSettings() {}

    static String withoutSecrets(Map<String, String> config) {
        Map<String, String> stored = new HashMap<>(config);
        SECRETS.forEach(stored::remove);
        try {
            return JSON.writeValueAsString(stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored settings with the realm's current secrets and the outbox's SMTP timeouts. */
    static Map<String, String> forDelivery(String stored, RealmModel realm, OutboxOptions options) {
        Map<String, String> config;
        try {
            config = new HashMap<>(JSON.readValue(stored, SETTINGS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> current = realm == null ? Map.of() : realm.getSmtpConfig();
        for (String secret : SECRETS) {
            if (current.get(secret) != null) {
                config.put(secret, current.get(secret));
            }
        }
        // Keys DefaultEmailSenderProvider reads for Jakarta Mail's mail.smtp.*timeout (its default is 10 s each).
        config.put(
                "connectionTimeout", String.valueOf(options.smtpConnectTimeout().toMillis()));
        config.put("timeout", String.valueOf(options.smtpTimeout().toMillis()));
        config.put("writeTimeout", String.valueOf(options.smtpTimeout().toMillis()));
        return config;
    }
}
