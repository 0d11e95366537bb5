package uz.coffeeshop.keycloak.api.admin;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import uz.coffeeshop.keycloak.api.AdminEvents;
import uz.coffeeshop.keycloak.api.representation.DeadMailList;
import uz.coffeeshop.keycloak.api.representation.DeadMailList.DeadMail;
import uz.coffeeshop.keycloak.api.representation.MailRetryEvent;
import uz.coffeeshop.keycloak.api.representation.MailStatus;
import uz.coffeeshop.keycloak.api.representation.MailStatus.DeliveryError;
import uz.coffeeshop.keycloak.api.representation.QueuedMail;
import uz.coffeeshop.keycloak.config.ShopTimeZone;
import uz.coffeeshop.keycloak.mail.DeadMailRetry;
import uz.coffeeshop.keycloak.mail.DeadMails;
import uz.coffeeshop.keycloak.mail.OutboxStatus;
import uz.coffeeshop.keycloak.web.auth.ApiCaller;
import uz.coffeeshop.keycloak.web.problem.Problem;

/**
 * {@code /realms/{realm}/coffee/admin/mail}: how many of this realm's mails wait (and retry), gave up or expired,
 * since when the oldest waits, the last delivery errors ({@code GET}, permission {@value #PERMISSION}); the mails it
 * gave up on with the SMTP server's last answer, never a body ({@code GET dead}, {@value #PERMISSION}); and another
 * go for one of them whose link still works ({@code POST {id}/retry}, permission {@value #RETRY_PERMISSION}).
 */
public final class MailAdminResource {

    static final String PERMISSION = "mail:read";
    static final String RETRY_PERMISSION = "mail:retry";
    private static final int LAST_ERRORS = 20;
    private static final int DEAD_LISTED = 100;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ApiCaller caller;
    private final AdminEvents adminEvents;

    /** For a caller the locator authenticated; each endpoint asks it for its permission. */
    public MailAdminResource(KeycloakSession session, ApiCaller caller, AdminEvents adminEvents) {
        this.session = session;
        this.realm = caller.realm();
        this.caller = caller;
        this.adminEvents = adminEvents;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public MailStatus status() {
        caller.requirePermission(PERMISSION);
        OutboxStatus outbox = OutboxStatus.of(session, realm, LAST_ERRORS);
        List<DeliveryError> errors = outbox.lastErrors().stream()
                .map(e -> new DeliveryError(
                        e.id(), e.recipient(), e.status(), e.attempts(), time(e.lastAttemptAt(), realm), e.error()))
                .toList();
        return new MailStatus(
                outbox.pending(),
                outbox.retrying(),
                outbox.dead(),
                outbox.expired(),
                time(outbox.oldestPendingSince(), realm),
                errors);
    }

    /** The latest {@value #DEAD_LISTED} dead mails, latest attempt first. */
    @GET
    @Path("dead")
    @Produces(MediaType.APPLICATION_JSON)
    public DeadMailList dead() {
        caller.requirePermission(PERMISSION);
        List<DeadMail> mails = DeadMails.of(session, realm, DEAD_LISTED).stream()
                .map(m -> new DeadMail(
                        m.id(),
                        m.recipient(),
                        m.subject(),
                        m.attempts(),
                        time(m.createdAt(), realm),
                        time(m.lastAttemptAt(), realm),
                        time(m.linkExpiresAt(), realm),
                        m.error(),
                        m.retryable()))
                .toList();
        return new DeadMailList(mails);
    }

    /** Queues the dead mail {@code id} again; 202, as the delivery follows within the outbox's interval. */
    @POST
    @Path("{id}/retry")
    @Produces(MediaType.APPLICATION_JSON)
    public Response retry(@PathParam("id") String id) {
        caller.requirePermission(RETRY_PERMISSION);
        DeadMailRetry.Outcome outcome = DeadMailRetry.retry(session, realm, id);
        switch (outcome) {
            case QUEUED -> {
                adminEvents.record(
                        OperationType.ACTION,
                        ResourceType.REALM,
                        new MailRetryEvent(id),
                        "coffee",
                        "mail",
                        id,
                        "retry");
                return Response.accepted(new QueuedMail(id, "PENDING"))
                        .type(MediaType.APPLICATION_JSON)
                        .build();
            }
            case NOT_FOUND ->
                throw Problem.of("not-found", Response.Status.NOT_FOUND, "No mail " + id + " in this realm's outbox.")
                        .toException();
            case NOT_DEAD ->
                throw Problem.of(
                                "mail-not-dead",
                                Response.Status.CONFLICT,
                                "Mail " + id + " is not dead: only a mail the outbox gave up on can be retried.")
                        .toException();
            case LINK_EXPIRED ->
                throw Problem.of(
                                "mail-link-expired",
                                Response.Status.CONFLICT,
                                "The link in mail " + id + " has expired, so it can't be sent again: ask the user to"
                                        + " request a new one.")
                        .toException();
        }
        throw new IllegalStateException(outcome.name());
    }

    private static String time(Long epochMillis, RealmModel realm) {
        return epochMillis == null ? null : ShopTimeZone.format(Instant.ofEpochMilli(epochMillis), realm);
    }
}
