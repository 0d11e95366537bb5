package uz.coffeeshop.keycloak.api.admin;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import uz.coffeeshop.keycloak.api.AdminEvents;
import uz.coffeeshop.keycloak.api.representation.CleanupSettings;
import uz.coffeeshop.keycloak.api.representation.CleanupState;
import uz.coffeeshop.keycloak.cleanup.CleanupActor;
import uz.coffeeshop.keycloak.cleanup.CleanupOptions;
import uz.coffeeshop.keycloak.cleanup.CleanupPolicy;
import uz.coffeeshop.keycloak.cleanup.CleanupProvider;
import uz.coffeeshop.keycloak.cleanup.CleanupReport;
import uz.coffeeshop.keycloak.cleanup.CleanupRules;
import uz.coffeeshop.keycloak.config.ShopTimeZone;
import uz.coffeeshop.keycloak.web.auth.ApiCaller;
import uz.coffeeshop.keycloak.web.problem.Problem;
import uz.coffeeshop.keycloak.web.request.JsonBody;

/**
 * {@code /realms/{realm}/coffee/admin/cleanup}: the realm's policy with the last report ({@code GET}), its own
 * settings ({@code PUT settings}), a run now ({@code POST run?dryRun=true|false}, answered with its report; a dry run
 * is the preview of the next run) and the report of one run ({@code GET runs/{id}}). All need the permission
 * {@value #PERMISSION}, asked of the caller once, here, whatever the gateway did.
 */
public final class CleanupAdminResource {

    static final String PERMISSION = "cleanup:run";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ApiCaller caller;
    private final AdminEvents adminEvents;

    /** For a caller the locator authenticated: 403 here unless it holds {@value #PERMISSION}, which every endpoint needs. */
    public CleanupAdminResource(KeycloakSession session, ApiCaller caller, AdminEvents adminEvents) {
        this.session = session;
        this.realm = caller.realm();
        this.caller = caller.requirePermission(PERMISSION);
        this.adminEvents = adminEvents;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public CleanupState policyAndLastReport() {
        CleanupOptions options = cleanup().options();
        return new CleanupState(
                policy(realm, cleanup().policy(realm), options),
                CleanupAttributes.current(realm, options.dryRun()),
                CleanupAttributes.ignored(realm),
                new CleanupState.ServerDefaults(
                        options.lifetime().toMinutes(), options.reminderLead().toMinutes(), options.dryRun()),
                cleanup().lastReport(realm).orElse(null),
                cleanup().history(realm));
    }

    /**
     * Sets the realm's cleanup settings where the cleanup reads them (realm attributes), validated as the server's
     * options are, and records the change as a {@code REALM UPDATE} admin event, which also stamps the switch-on
     * moment when this switches the cleanup on. Answers the policy as {@code GET} does.
     */
    @PUT
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    public CleanupState putSettings(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        CleanupSettings settings = CleanupAttributes.read(JsonBody.read(contentType, body), realm);
        CleanupAttributes.store(settings, realm);
        adminEvents.record(OperationType.UPDATE, ResourceType.REALM, settings, "coffee", "cleanup", "settings");
        return policyAndLastReport();
    }

    /**
     * A run now, answered with its report (200) when it ends: a dry run is the preview and changes nothing; a run
     * that changes users is bounded as a scheduled tick is ({@code run-seconds}), so it answers within a request's
     * time; its report says {@code complete: false} when users are left for the next run. While another run holds
     * the cluster's cleanup lock, 409 problem+json {@code cleanup-running}.
     */
    @POST
    @Path("run")
    @Produces(MediaType.APPLICATION_JSON)
    public Response run(@QueryParam("dryRun") String dryRun) {
        // Without the parameter, the run is what a scheduled run of this realm would be.
        boolean dry = parseDryRun(
                dryRun, CleanupPolicy.scheduledDryRun(realm, cleanup().options().dryRun()));
        if (!CleanupPolicy.switchedOn(realm)) {
            throw Problem.of(
                            "cleanup-disabled",
                            Response.Status.CONFLICT,
                            "The cleanup is off for this realm: set the realm attribute "
                                    + CleanupPolicy.ENABLED_ATTRIBUTE + " to true (never possible for master).")
                    .toException();
        }
        CleanupActor actor = new CleanupActor(
                realm.getId(),
                caller.token().getIssuedFor(),
                caller.user().getId(),
                session.getContext().getConnection().getRemoteAddr());
        URI base = session.getContext().getUri().getBaseUri();
        CleanupReport report = dry
                ? cleanup().preview(realm, base, actor)
                : cleanup()
                        .run(realm, base, actor)
                        .orElseThrow(() -> Problem.of(
                                        "cleanup-running",
                                        Response.Status.CONFLICT,
                                        "A cleanup run is under way in the cluster; ask again when it has finished.")
                                .toException());
        return Response.ok(report).location(runLocation(report.id())).build();
    }

    /**
     * The report of one run: in full while it is the realm's last, then its summary while the history keeps it (20
     * runs). Any node of the cluster answers: all of it lives in the database.
     */
    @GET
    @Path("runs/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public CleanupReport runReport(@PathParam("id") String id) {
        return cleanup()
                .report(realm, id)
                .orElseThrow(() -> Problem.of(
                                "not-found",
                                Response.Status.NOT_FOUND,
                                "No cleanup run " + id + " in this realm (the history keeps the last 20).")
                        .toException());
    }

    private URI runLocation(String id) {
        return session.getContext()
                .getUri()
                .getBaseUriBuilder()
                .path("realms")
                .path(realm.getName())
                .path("coffee")
                .path("admin")
                .path("cleanup")
                .path("runs")
                .path(id)
                .build();
    }

    static boolean parseDryRun(String value, boolean fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw Problem.validation(List.of(new Problem.FieldError("dryRun", CleanupRules.TRUE_OR_FALSE)))
                .toException();
    }

    private static CleanupState.Policy policy(RealmModel realm, CleanupPolicy policy, CleanupOptions options) {
        return new CleanupState.Policy(
                policy.enabled(),
                policy.lifetime().toMinutes(),
                policy.reminderLead().toMinutes(),
                policy.enabledSince()
                        .map(since -> ShopTimeZone.format(since, realm))
                        .orElse(null),
                options.interval().toSeconds(),
                options.batchSize(),
                options.runBudget().toSeconds(),
                CleanupPolicy.scheduledDryRun(realm, options.dryRun()));
    }

    private CleanupProvider cleanup() {
        return session.getProvider(CleanupProvider.class);
    }
}
