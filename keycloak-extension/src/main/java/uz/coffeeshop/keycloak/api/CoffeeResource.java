package uz.coffeeshop.keycloak.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import uz.coffeeshop.keycloak.api.admin.CleanupAdminResource;
import uz.coffeeshop.keycloak.api.admin.MailAdminResource;
import uz.coffeeshop.keycloak.api.console.ConsolePage;
import uz.coffeeshop.keycloak.api.openapi.OpenApiDocument;
import uz.coffeeshop.keycloak.api.representation.Health;
import uz.coffeeshop.keycloak.api.signup.AuthResource;
import uz.coffeeshop.keycloak.api.users.UsersResource;
import uz.coffeeshop.keycloak.web.auth.ApiCaller;
import uz.coffeeshop.keycloak.web.auth.BearerAuth;

/**
 * Root of {@code /realms/{realm}/coffee}: the sub-resources hang off here. The locators of the sub-resources that
 * need a caller ({@code users}, {@code admin/...}) check the bearer token once, before JAX-RS picks the method, and
 * hand the caller and its {@link AdminEvents} to the sub-resource, which asks the caller for its endpoint's rule. So a
 * request without a valid token never reaches a sub-resource (also for a path or method it lacks: 401 before 404 or
 * 405). The open ones ({@code health}, {@code auth}, {@code openapi.json}, {@code console}) authenticate nobody.
 *
 * <p>No CORS here: the gateway is the API's one door for browsers and answers CORS for {@code /api/**} (dropping
 * Keycloak's own headers), and the console page calls these endpoints from its own origin. Without preflight answers,
 * which the gateway gives, CORS headers on the answers would let no browser in anyway.
 */
public final class CoffeeResource {

    private final KeycloakSession session;

    CoffeeResource(KeycloakSession session) {
        this.session = session;
    }

    /**
     * Liveness of the extension inside this realm: open to anyone, reveals nothing but the realm's name, and
     * lets the gateway and {@code barista up} prove that the jar is loaded and routed.
     */
    @GET
    @Path("health")
    @Produces(MediaType.APPLICATION_JSON)
    public Health health() {
        return new Health("UP", session.getContext().getRealm().getName());
    }

    /** Sign-up and resend of the verification link: open, {@code /auth/signup} and {@code /auth/verification-email}. */
    @Path("auth")
    public AuthResource auth() {
        return new AuthResource(session);
    }

    /** The caller's own profile ({@code /users/me}) and the user admin ({@code /users}, {@code /users/{id}}). */
    @Path("users")
    public UsersResource users() {
        ApiCaller caller = authenticate();
        return new UsersResource(session, caller, new AdminEvents(session, caller));
    }

    /** The OpenAPI 3.1 document of the public API (open; the gateway serves it as {@code /api/openapi.json}). */
    @GET
    @Path("openapi.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response openApi() {
        return OpenApiDocument.response();
    }

    /** The e-mail outbox's state for operators (permission {@code mail:read}). */
    @Path("admin/mail")
    public MailAdminResource mail() {
        ApiCaller caller = authenticate();
        return new MailAdminResource(session, caller, new AdminEvents(session, caller));
    }

    /** The unverified-user cleanup of this realm: policy, last report, run now (permission {@code cleanup:run}). */
    @Path("admin/cleanup")
    public CleanupAdminResource cleanup() {
        ApiCaller caller = authenticate();
        return new CleanupAdminResource(session, caller, new AdminEvents(session, caller));
    }

    /** The coffee shop's page for admins (static, open; it calls {@code admin/...} with its own token). */
    @Path("console")
    public ConsolePage console() {
        return new ConsolePage(session);
    }

    /** Bearer token, audience and caller, once per request: 401 problem+json when they fail. */
    private ApiCaller authenticate() {
        return new BearerAuth(session).authenticate();
    }
}
