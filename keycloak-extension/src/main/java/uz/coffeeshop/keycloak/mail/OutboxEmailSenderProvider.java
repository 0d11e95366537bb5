package uz.coffeeshop.keycloak.mail;

import java.util.Map;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Keycloak's e-mail sender, replaced: instead of talking SMTP inside the request, it writes the finished message
 * (subject, text and HTML bodies as the theme rendered them) to the outbox in the request's own transaction and
 * returns. If the request fails, its mail goes with it; if it commits, the mail is as durable as the account.
 * {@link OutboxDeliveryTask} sends it later through Keycloak's own SMTP sender.
 */
final class OutboxEmailSenderProvider implements EmailSenderProvider {

    private final KeycloakSession session;
    private final OutboxMetrics metrics;

    OutboxEmailSenderProvider(KeycloakSession session, OutboxMetrics metrics) {
        this.session = session;
        this.metrics = metrics;
    }

    @Override
    public void send(Map<String, String> config, String address, String subject, String textBody, String htmlBody)
            throws EmailException {
        if (isSmtpConnectionTest()) {
            // The admin console's "Test connection" must show what the SMTP server says now, not that a row was
            // written: it goes straight through Keycloak's sender.
            smtp().send(config, address, subject, textBody, htmlBody);
            return;
        }
        validate(config); // a broken sender address fails now, in the request, as with Keycloak's own sender
        if (address == null || address.isBlank()) {
            throw new EmailException("No e-mail address to send to");
        }
        RealmModel realm = session.getContext().getRealm();
        long now = Time.currentTimeMillis();
        OutboxMessageEntity message = new OutboxMessageEntity();
        message.id = KeycloakModelUtils.generateId();
        message.realmId = realm == null ? "" : realm.getId();
        message.recipient = address;
        message.subject = subject;
        message.textBody = textBody;
        message.htmlBody = htmlBody;
        message.smtpConfig = SmtpSettings.withoutSecrets(config);
        message.status = OutboxMessageEntity.PENDING;
        message.createdAt = now;
        message.expiresAt = LinkExpiry.earliest(textBody, htmlBody).orElse(null);
        message.attempts = 0;
        message.nextAttemptAt = now;
        Outbox.of(session).add(message);
        metrics.queued();
    }

    @Override
    public void validate(Map<String, String> config) throws EmailException {
        smtp().validate(config);
    }

    private EmailSenderProvider smtp() {
        return session.getProvider(EmailSenderProvider.class, OutboxEmailSenderProviderFactory.KEYCLOAK_SMTP_SENDER);
    }

    /** {@code POST /admin/realms/{realm}/testSMTPConnection}, the admin console's "Test connection" button. */
    private boolean isSmtpConnectionTest() {
        try {
            var uri = session.getContext().getUri();
            return uri != null && uri.getPath() != null && uri.getPath().endsWith("/testSMTPConnection");
        } catch (RuntimeException noHttpRequest) { // a scheduled task (the cleanup's reminders) has no request URI
            return false;
        }
    }

    @Override
    public void close() {}
}
