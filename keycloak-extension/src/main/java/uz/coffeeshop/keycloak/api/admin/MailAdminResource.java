package uz.coffeeshop.keycloak.api.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import uz.coffeeshop.keycloak.config.ShopTimeZone;
import uz.coffeeshop.keycloak.mail.OutboxStatus;
import uz.coffeeshop.keycloak.web.auth.BearerAuth;

/**
 * {@code GET /realms/{realm}/coffee/admin/mail} (permission {@value #PERMISSION}): how many of this realm's mails
 * wait, how many gave up or expired, since when the oldest waits, and the last delivery errors.
 */
public final class MailAdminResource {

    static final String PERMISSION = "mail:read";
    private static final int LAST_ERRORS = 20;

    private final KeycloakSession session;

    public MailAdminResource(KeycloakSession session) {
        this.session = session;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MailStatus(
            long pending, long dead, long expired, String oldestPendingSince, List<DeliveryError> lastErrors) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeliveryError(
            String id, String recipient, String status, int attempts, String lastAttemptAt, String error) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public MailStatus status() {
        new BearerAuth(session).requirePermission(PERMISSION);
        RealmModel realm = session.getContext().getRealm();
        OutboxStatus outbox = OutboxStatus.of(session, realm, LAST_ERRORS);
        List<DeliveryError> errors = outbox.lastErrors().stream()
                .map(e -> new DeliveryError(
                        e.id(), e.recipient(), e.status(), e.attempts(), time(e.lastAttemptAt(), realm), e.error()))
                .toList();
        return new MailStatus(
                outbox.pending(), outbox.dead(), outbox.expired(), time(outbox.oldestPendingSince(), realm), errors);
    }

    private static String time(Long epochMillis, RealmModel realm) {
        return epochMillis == null ? null : ShopTimeZone.format(Instant.ofEpochMilli(epochMillis), realm);
    }
}
