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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import uz.coffeeshop.keycloak.api.users.AdminEvents;
import uz.coffeeshop.keycloak.cleanup.CleanupActor;
import uz.coffeeshop.keycloak.cleanup.CleanupOptions;
import uz.coffeeshop.keycloak.cleanup.CleanupPolicy;
import uz.coffeeshop.keycloak.cleanup.CleanupProvider;
import uz.coffeeshop.keycloak.cleanup.CleanupReport;
import uz.coffeeshop.keycloak.cleanup.CleanupRules;
import uz.coffeeshop.keycloak.config.ShopTimeZone;
import uz.coffeeshop.keycloak.web.auth.ApiCaller;
import uz.coffeeshop.keycloak.web.auth.BearerAuth;
import uz.coffeeshop.keycloak.web.problem.Problem;
import uz.coffeeshop.keycloak.web.request.JsonBody;

/**
 * {@code /realms/{realm}/coffee/admin/cleanup}: the realm's policy with the last report ({@code GET}), its own
 * settings ({@code PUT settings}), a run now ({@code POST run?dryRun=true|false}, answered with its report; a dry run
 * is the preview of the next run) and the report of one run ({@code GET runs/{id}}). All need the permission {@value #PERMISSION}, checked here whatever the gateway did.
 */
public final class CleanupAdminResource {

    static final String PERMISSION = "cleanup:run";

    private final KeycloakSession session;

    public CleanupAdminResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> policyAndLastReport() {
        new BearerAuth(session).requirePermission(PERMISSION);
        RealmModel realm = session.getContext().getRealm();
        CleanupOptions options = cleanup().options();
        CleanupPolicy policy = cleanup().policy(realm);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("policy", policy(realm, policy, options));
        body.put("settings", CleanupSettings.of(realm, options.dryRun()).json());
        body.put("ignored", CleanupSettings.ignored(realm));
        body.put("serverDefaults", serverDefaults(options));
        body.put("lastReport", cleanup().lastReport(realm).orElse(null));
        body.put("history", cleanup().history(realm));
        return body;
    }

    /**
     * Sets the realm's cleanup settings where the cleanup reads them (realm attributes), validated as the server's
     * options are, and records the change as a {@code REALM UPDATE} admin event, which also stamps the switch-on
     * moment when this switches the cleanup on. Answers the policy as {@code GET} does.
     */
    @PUT
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> putSettings(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        ApiCaller caller = new BearerAuth(session).requirePermission(PERMISSION);
        RealmModel realm = session.getContext().getRealm();
        CleanupSettings settings = CleanupSettings.read(JsonBody.read(contentType, body), realm);
        settings.applyTo(realm);
        new AdminEvents(session, caller)
                .record(OperationType.UPDATE, ResourceType.REALM, settings.json(), "coffee", "cleanup", "settings");
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
        ApiCaller caller = new BearerAuth(session).requirePermission(PERMISSION);
        RealmModel realm = session.getContext().getRealm();
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
        return Response.ok(report).location(runLocation(realm, report.id())).build();
    }

    /**
     * The report of one run: in full while it is the realm's last, then its summary while the history keeps it (20
     * runs). Any node of the cluster answers: all of it lives in the database.
     */
    @GET
    @Path("runs/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public CleanupReport runReport(@PathParam("id") String id) {
        new BearerAuth(session).requirePermission(PERMISSION);
        RealmModel realm = session.getContext().getRealm();
        return cleanup()
                .report(realm, id)
                .orElseThrow(() -> Problem.of(
                                "not-found",
                                Response.Status.NOT_FOUND,
                                "No cleanup run " + id + " in this realm (the history keeps the last 20).")
                        .toException());
    }

    private URI runLocation(RealmModel realm, String id) {
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

    private static Map<String, Object> policy(RealmModel realm, CleanupPolicy policy, CleanupOptions options) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", policy.enabled());
        body.put("lifetimeMinutes", policy.lifetime().toMinutes());
        body.put("reminderLeadMinutes", policy.reminderLead().toMinutes());
        body.put(
                "enabledSince",
                policy.enabledSince()
                        .map(since -> ShopTimeZone.format(since, realm))
                        .orElse(null));
        body.put("intervalSeconds", options.interval().toSeconds());
        body.put("batchSize", options.batchSize());
        body.put("runSeconds", options.runBudget().toSeconds());
        body.put("dryRun", CleanupPolicy.scheduledDryRun(realm, options.dryRun()));
        return body;
    }

    private static Map<String, Object> serverDefaults(CleanupOptions options) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("lifetimeMinutes", options.lifetime().toMinutes());
        body.put("reminderLeadMinutes", options.reminderLead().toMinutes());
        body.put("dryRun", options.dryRun());
        return body;
    }

    private CleanupProvider cleanup() {
        return session.getProvider(CleanupProvider.class);
    }
}
