package uz.coffeeshop.keycloak.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import uz.coffeeshop.keycloak.api.admin.CleanupAdminResource;
import uz.coffeeshop.keycloak.api.admin.MailAdminResource;
import uz.coffeeshop.keycloak.api.console.ConsolePage;
import uz.coffeeshop.keycloak.api.openapi.OpenApiDocument;
import uz.coffeeshop.keycloak.api.signup.AuthResource;
import uz.coffeeshop.keycloak.api.users.UsersResource;

/** Root of {@code /realms/{realm}/coffee}: the sub-resources hang off here. */
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
    public Map<String, String> health() {
        return Map.of("status", "UP", "realm", session.getContext().getRealm().getName());
    }

    /** Sign-up and resend of the verification link: open, {@code /auth/signup} and {@code /auth/verification-email}. */
    @Path("auth")
    public AuthResource auth() {
        return new AuthResource(session);
    }

    /** The caller's own profile ({@code /users/me}) and the user admin ({@code /users}, {@code /users/{id}}). */
    @Path("users")
    public UsersResource users() {
        return new UsersResource(session);
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
        return new MailAdminResource(session);
    }

    /** The unverified-user cleanup of this realm: policy, last report, run now (permission {@code cleanup:run}). */
    @Path("admin/cleanup")
    public CleanupAdminResource cleanup() {
        return new CleanupAdminResource(session);
    }

    /** The coffee shop's page for admins (static; it calls {@code admin/...} with its own token). */
    @Path("console")
    public ConsolePage console() {
        return new ConsolePage(session);
    }
}
