package uz.coffeeshop.keycloak.mail;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * An admin's second chance for a mail the outbox gave up on ({@code DEAD}): back in the queue, due at once, with the
 * realm's SMTP settings as they are now (the usual fix of a dead mail is a corrected SMTP server), and a fresh count
 * of attempts. Only while its link still works: a mail whose action token expired would carry a dead link, and its
 * body is gone by then anyway. A mail older than the outbox's maximum age gets one attempt before it is dead again.
 */
public final class DeadMailRetry {

    /** What became of a retry; the API answers each with its own status. */
    public enum Outcome {
        QUEUED,
        /** No mail of this id in the realm (another realm's mail is not found either). */
        NOT_FOUND,
        /** The mail is waiting or expired, not dead: nothing to retry. */
        NOT_DEAD,
        /** Its link died (or its body is gone): sending it would hand out a dead link. */
        LINK_EXPIRED
    }

    private DeadMailRetry() {}

    public static Outcome retry(KeycloakSession session, RealmModel realm, String id) {
        Outbox outbox = Outbox.of(session);
        OutboxMessageEntity message = id == null ? null : outbox.find(id);
        if (message == null || !realm.getId().equals(message.realmId)) {
            return Outcome.NOT_FOUND;
        }
        if (!OutboxMessageEntity.DEAD.equals(message.status)) {
            return Outcome.NOT_DEAD;
        }
        long now = Time.currentTimeMillis();
        if (!retryable(message, now)) {
            return Outcome.LINK_EXPIRED;
        }
        String settings = SmtpSettings.withoutSecrets(realm.getSmtpConfig());
        // The conditional update decides: a delivery round that cleared the body meanwhile, or another admin's
        // retry, makes it match no row.
        return outbox.requeueDead(id, realm.getId(), settings, now) ? Outcome.QUEUED : Outcome.NOT_DEAD;
    }

    static boolean retryable(OutboxMessageEntity message, long now) {
        return OutboxMessageEntity.DEAD.equals(message.status)
                && (message.textBody != null || message.htmlBody != null)
                && linksStillWork(message, now);
    }

    /** A mail without an action-token link has none that could die. */
    static boolean linksStillWork(OutboxMessageEntity message, long now) {
        return message.expiresAt == null || message.expiresAt > now;
    }
}
