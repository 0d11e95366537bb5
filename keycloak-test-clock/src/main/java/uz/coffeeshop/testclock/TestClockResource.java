package uz.coffeeshop.testclock;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * Keycloak's clock as the tests move it: {@code GET offset} reads and {@code PUT offset} (plain-text seconds) sets
 * {@link Time#setOffset(int)}, the offset every {@code Time.currentTime()} of the server adds, for this JVM. Only
 * under the master realm and only for a bearer token of a master realm user with its {@code admin} role.
 */
final class TestClockResource {

    private final KeycloakSession session;

    TestClockResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("offset")
    @Produces(MediaType.TEXT_PLAIN)
    public String offset() {
        requireMasterAdmin();
        return String.valueOf(Time.getOffset());
    }

    @PUT
    @Path("offset")
    @Consumes(MediaType.TEXT_PLAIN)
    public Response setOffset(String seconds) {
        requireMasterAdmin();
        Time.setOffset(Integer.parseInt(seconds.trim()));
        return Response.noContent().build();
    }

    private void requireMasterAdmin() {
        RealmModel realm = session.getContext().getRealm();
        if (!Config.getAdminRealm().equals(realm.getName())) {
            throw new NotFoundException();
        }
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (auth == null) {
            throw new NotAuthorizedException("Bearer");
        }
        RoleModel admin = realm.getRole("admin");
        if (admin == null || !auth.user().hasRole(admin)) {
            throw new ForbiddenException();
        }
    }
}
