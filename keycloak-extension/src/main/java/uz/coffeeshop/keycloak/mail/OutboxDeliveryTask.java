package uz.coffeeshop.keycloak.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * One delivery run over the outbox, scheduled on every node by {@link OutboxEmailSenderProviderFactory} through
 * Keycloak's {@code ClusterAwareScheduledTaskRunner}, which lets one node of the cluster run it per interval (its
 * cluster lock is keyed by this class's simple name, hence a named top-level class). A run claims a bounded batch in
 * one short transaction, sends each message through Keycloak's own SMTP sender outside any database transaction,
 * and records each outcome in a short transaction of its own. The claim is a lease: should a run outlive the
 * cluster lock, or a node die mid-batch, no other run touches its messages before the lease ends. The lease is
 * renewed for each message just before its delivery attempt, so it needs to cover one attempt (with its SMTP
 * timeouts), not a whole batch: mail held by a node that died goes out one lease (60 s by default) later.
 */
final class OutboxDeliveryTask implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(OutboxDeliveryTask.class);
    /**
     * Stop claiming and sending after this long: the runner's own transaction stays open for the whole run (see
     * ScheduledTaskRunner), and a slow SMTP server must not keep it open past the transaction timeout.
     */
    private static final long RUN_BUDGET_MILLIS = 30_000;

    private static final int MAX_ERROR_LENGTH = 1000;

    private final OutboxOptions options;
    private final OutboxMetrics metrics;

    OutboxDeliveryTask(OutboxOptions options, OutboxMetrics metrics) {
        this.options = options;
        this.metrics = metrics;
    }

    @Override
    public void run(KeycloakSession session) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        long started = Time.currentTimeMillis();
        String owner = "run-" + UUID.randomUUID();
        int claimed;
        do {
            List<String> batch = claim(factory, owner);
            claimed = batch.size();
            for (String id : batch) {
                if (Time.currentTimeMillis() - started > RUN_BUDGET_MILLIS) {
                    release(factory, id, owner);
                } else if (renew(factory, id, owner)) {
                    deliver(factory, id, owner);
                }
            }
        } while (claimed == options.batchSize()
                && Time.currentTimeMillis() - started < options.interval().toMillis());
        KeycloakModelUtils.runJobInTransaction(factory, s -> {
            Outbox outbox = Outbox.of(s);
            int lapsed = outbox.expireLapsedLinks(Time.currentTimeMillis());
            if (lapsed > 0) {
                LOG.warnf("Dropped %d waiting mails whose links expired before they could be delivered", lapsed);
            }
            int purged = outbox.purgeFinishedBefore(
                    Time.currentTimeMillis() - options.retention().toMillis());
            if (purged > 0) {
                LOG.infof("Purged %d dead or expired mails past their retention", purged);
            }
            metrics.counted(outbox.count(OutboxMessageEntity.PENDING), outbox.count(OutboxMessageEntity.DEAD));
        });
    }

    private List<String> claim(KeycloakSessionFactory factory, String owner) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            Outbox outbox = Outbox.of(s);
            long now = Time.currentTimeMillis();
            List<String> mine = new ArrayList<>();
            for (String id : outbox.due(now, options.batchSize())) {
                if (outbox.claim(id, owner, now, now + options.lease().toMillis())) {
                    mine.add(id);
                }
            }
            return mine;
        });
    }

    /** A whole lease for the attempt about to start, in its own transaction so that other nodes see it at once. */
    private boolean renew(KeycloakSessionFactory factory, String id, String owner) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            long now = Time.currentTimeMillis();
            return Outbox.of(s).renew(id, owner, now, now + options.lease().toMillis());
        });
    }

    private void release(KeycloakSessionFactory factory, String id, String owner) {
        KeycloakModelUtils.runJobInTransaction(factory, s -> {
            OutboxMessageEntity message = Outbox.of(s).held(id, owner);
            if (message != null) {
                message.leaseOwner = null;
                message.leaseUntil = null;
            }
        });
    }

    private void deliver(KeycloakSessionFactory factory, String id, String owner) {
        KeycloakModelUtils.runJobInTransaction(factory, s -> {
            OutboxMessageEntity message = Outbox.of(s).held(id, owner);
            if (message == null) {
                return; // our lease ran out and another run has it now
            }
            long now = Time.currentTimeMillis();
            if (message.expiresAt != null && message.expiresAt <= now) {
                finish(message, OutboxMessageEntity.EXPIRED, "the link expired before the mail could be sent", now);
                metrics.expired();
                LOG.warnf("Dropped mail %s: its link expired before it could be delivered", message.id);
                return;
            }
            String error = send(s, message);
            if (error == null) {
                Outbox.of(s).remove(message);
                metrics.sent();
                return;
            }
            message.attempts++;
            boolean tooOld = now - message.createdAt >= options.maxAge().toMillis();
            if (message.attempts >= options.maxAttempts() || tooOld) {
                finish(message, OutboxMessageEntity.DEAD, error, now);
                metrics.dead();
                LOG.errorf(
                        "Gave up on mail %s after %d attempts (%s): %s",
                        message.id, message.attempts, tooOld ? "maximum age" : "maximum attempts", error);
            } else {
                message.lastError = error;
                message.lastAttemptAt = now;
                message.nextAttemptAt = now
                        + RetryBackoff.after(message.attempts, options.backoff(), options.maxBackoff())
                                .toMillis();
                message.leaseOwner = null;
                message.leaseUntil = null;
                metrics.retried();
                LOG.warnf("Mail %s failed (attempt %d), will retry: %s", message.id, message.attempts, error);
            }
        });
    }

    /**
     * Sends through Keycloak's own SMTP sender ({@code DefaultEmailSenderProvider}, factory id {@code default}).
     * Runs inside the short transaction that records the outcome, which holds no lock but the row's: Keycloak's
     * sender does no database work.
     */
    private String send(KeycloakSession session, OutboxMessageEntity message) {
        RealmModel realm = session.realms().getRealm(message.realmId);
        if (realm != null) {
            session.getContext().setRealm(realm); // the sender reads the realm's e-mail theme for inline images
        }
        Map<String, String> config = SmtpSettings.forDelivery(message.smtpConfig, realm, options);
        EmailSenderProvider smtp =
                session.getProvider(EmailSenderProvider.class, OutboxEmailSenderProviderFactory.KEYCLOAK_SMTP_SENDER);
        try {
            smtp.send(config, message.recipient, message.subject, message.textBody, message.htmlBody);
            return null;
        } catch (EmailException | RuntimeException e) {
            return describe(e);
        }
    }

    /**
     * A mail that will not be sent again keeps no body: its links must not rest in the database or its backups. A
     * DEAD one whose links still work keeps it, because an admin may retry it ({@link DeadMailRetry}); the next
     * round's {@link Outbox#expireLapsedLinks} drops it the moment the link dies, as for a waiting mail.
     */
    private static void finish(OutboxMessageEntity message, String status, String error, long now) {
        message.status = status;
        boolean retryable = OutboxMessageEntity.DEAD.equals(status) && DeadMailRetry.linksStillWork(message, now);
        if (!retryable) {
            message.textBody = null;
            message.htmlBody = null;
        }
        message.lastError = error;
        message.lastAttemptAt = now;
        message.leaseOwner = null;
        message.leaseUntil = null;
    }

    /** Keycloak's EmailException says only "see the log"; the cause says what SMTP answered. */
    private static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable e = error; e != null && text.length() < MAX_ERROR_LENGTH; e = e.getCause()) {
            if (!text.isEmpty()) {
                text.append(" ← ");
            }
            text.append(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
            if (e.getCause() == e) {
                break;
            }
        }
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text.toString();
    }
}
