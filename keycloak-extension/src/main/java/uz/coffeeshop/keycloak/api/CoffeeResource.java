package uz.coffeeshop.keycloak.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import uz.coffeeshop.keycloak.cleanup.CleanupAdminResource;

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

    /** The unverified-user cleanup of this realm: policy, last report, run now (permission {@code cleanup:run}). */
    @Path("admin/cleanup")
    public CleanupAdminResource cleanup() {
        return new CleanupAdminResource(session);
    }
}
