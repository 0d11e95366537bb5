package uz.coffeeshop.keycloak.mail;

import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * What the operator sees of a realm's outbox: how many mails wait (and how many of them failed at least once and wait
 * for their next attempt), gave up or expired, since when the oldest waits (epoch milliseconds, null when none), and
 * the last delivery errors. Read in the session's transaction. Sent mails leave the table, so they are not counted
 * here (the node's {@code coffee_mail_sent_total} counts them).
 */
public record OutboxStatus(
        long pending, long retrying, long dead, long expired, Long oldestPendingSince, List<DeliveryError> lastErrors) {

    /** One mail that failed at least once; {@code lastAttemptAt} in epoch milliseconds. */
    public record DeliveryError(
            String id, String recipient, String status, int attempts, Long lastAttemptAt, String error) {}

    public static OutboxStatus of(KeycloakSession session, RealmModel realm, int lastErrors) {
        Outbox outbox = Outbox.of(session);
        String realmId = realm.getId();
        List<DeliveryError> errors = outbox.lastErrors(realmId, lastErrors).stream()
                .map(m -> new DeliveryError(m.id, m.recipient, m.status, m.attempts, m.lastAttemptAt, m.lastError))
                .toList();
        return new OutboxStatus(
                outbox.count(realmId, OutboxMessageEntity.PENDING),
                outbox.countRetrying(realmId),
                outbox.count(realmId, OutboxMessageEntity.DEAD),
                outbox.count(realmId, OutboxMessageEntity.EXPIRED),
                outbox.oldestPending(realmId),
                errors);
    }
}
