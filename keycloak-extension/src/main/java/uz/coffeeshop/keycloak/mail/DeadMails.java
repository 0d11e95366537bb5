package uz.coffeeshop.keycloak.mail;

import java.util.List;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The realm's mails the outbox gave up on, for the admin: who, what subject, how often tried, the SMTP server's last
 * answer and whether a retry is still possible. Never the body (its links verify addresses and set passwords).
 * Times in epoch milliseconds.
 */
public final class DeadMails {

    public record DeadMail(
            String id,
            String recipient,
            String subject,
            int attempts,
            long createdAt,
            Long lastAttemptAt,
            Long linkExpiresAt,
            String error,
            boolean retryable) {}

    private DeadMails() {}

    public static List<DeadMail> of(KeycloakSession session, RealmModel realm, int limit) {
        long now = Time.currentTimeMillis();
        return Outbox.of(session).dead(realm.getId(), limit).stream()
                .map(m -> new DeadMail(
                        m.id,
                        m.recipient,
                        m.subject,
                        m.attempts,
                        m.createdAt,
                        m.lastAttemptAt,
                        m.expiresAt,
                        m.lastError,
                        DeadMailRetry.retryable(m, now)))
                .toList();
    }
}
