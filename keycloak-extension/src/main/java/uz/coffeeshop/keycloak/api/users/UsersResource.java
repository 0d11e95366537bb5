package uz.coffeeshop.keycloak.api.users;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.keycloak.models.KeycloakSession;
import uz.coffeeshop.keycloak.api.AdminEvents;
import uz.coffeeshop.keycloak.web.auth.ApiCaller;

/**
 * {@code /realms/{realm}/coffee/users}: the caller's own profile ({@code /me}: role {@code user} and a verified
 * e-mail) and the admin endpoints, each behind its permission. The caller comes authenticated from the locator
 * ({@code CoffeeResource}); each method asks it for its own rule, whatever the gateway did. Query parameters are taken as strings and bodies as streams, so that bad input is our 400, never RESTEasy's.
 */
public final class UsersResource {

    static final String USERS_READ = "users:read";
    static final String USERS_WRITE = "users:write";
    static final String USERS_DELETE = "users:delete";
    static final String ROLES_ASSIGN = "roles:assign";

    private final KeycloakSession session;
    private final ApiCaller caller;
    private final AdminEvents adminEvents;

    public UsersResource(KeycloakSession session, ApiCaller caller, AdminEvents adminEvents) {
        this.session = session;
        this.caller = caller;
        this.adminEvents = adminEvents;
    }

    @GET
    @Path("me")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getMe() {
        return ownProfile().get();
    }

    @PATCH
    @Path("me")
    @Produces(MediaType.APPLICATION_JSON)
    public Response patchMe(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        return ownProfile().patch(contentType, body);
    }

    @DELETE
    @Path("me")
    public Response deleteMe() {
        return ownProfile().delete();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(
            @QueryParam("first") String first,
            @QueryParam("max") String max,
            @QueryParam("search") String search,
            @QueryParam("emailVerified") String emailVerified,
            @QueryParam("role") String role) {
        caller.requirePermission(USERS_READ);
        return new UserListing(session, caller.realm()).list(first, max, search, emailVerified, role);
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        return adminWith(USERS_READ).get(id);
    }

    @PATCH
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response patch(
            @PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        return adminWith(USERS_WRITE).patch(id, contentType, body);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        return adminWith(USERS_DELETE).delete(id);
    }

    @PUT
    @Path("{id}/role")
    @Produces(MediaType.APPLICATION_JSON)
    public Response setRole(
            @PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        return adminWith(ROLES_ASSIGN).setRole(id, contentType, body);
    }

    /** The caller's own profile, if it is a user with a verified e-mail (403 problems otherwise). */
    private OwnProfile ownProfile() {
        return new OwnProfile(session, caller.requireVerifiedUser());
    }

    /** The user admin acting for the caller, if it holds {@code permission} (a 403 problem otherwise). */
    private UserAdmin adminWith(String permission) {
        return new UserAdmin(session, caller.requirePermission(permission), adminEvents);
    }
}
