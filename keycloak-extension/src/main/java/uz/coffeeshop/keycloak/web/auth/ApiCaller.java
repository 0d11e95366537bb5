package uz.coffeeshop.keycloak.web.auth;

import jakarta.ws.rs.core.Response;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AuthenticationManager;
import uz.coffeeshop.keycloak.web.problem.Problem;

/**
 * Who is calling, once their bearer token has been checked. Permissions are read from the user's current role
 * mappings (composites and groups included), not from the token, so a revoked permission takes effect at once.
 * {@link BearerAuth} makes one per request; each endpoint asks it for its own rule ({@link #requirePermission},
 * {@link #requireVerifiedUser}), which is a 403 problem when the caller lacks it.
 */
public record ApiCaller(RealmModel realm, UserModel user, AccessToken token, UserSessionModel userSession) {

    /**
     * When the user last logged in, in epoch seconds (0 when unknown): the token's {@code auth_time}, else the user
     * session's {@code AUTH_TIME} note it is made from, else the session's start. A password-grant token of this realm
     * carries no {@code auth_time} and its session no note (seen in {@code StepUpIT}), but each password grant starts a
     * session of its own, so its start is that login; a refresh keeps the session, so it never makes a login recent.
     */
    public long authTime() {
        Long claim = token.getAuth_time();
        if (claim != null && claim > 0) {
            return claim;
        }
        if (userSession == null) {
            return 0;
        }
        String note = userSession.getNote(AuthenticationManager.AUTH_TIME);
        if (note != null) {
            try {
                return Long.parseLong(note);
            } catch (NumberFormatException e) {
                // falls through to the session's start
            }
        }
        return userSession.getStarted();
    }

    public boolean hasRealmRole(String role) {
        RoleModel model = realm.getRole(role);
        return model != null && user.hasRole(model);
    }

    /** A permission is a client role of {@value BearerAuth#API_CLIENT}. */
    public boolean hasPermission(String permission) {
        ClientModel api = realm.getClientByClientId(BearerAuth.API_CLIENT);
        RoleModel role = api == null ? null : api.getRole(permission);
        return role != null && user.hasRole(role);
    }

    /** This caller, if it holds {@code permission} (a {@value BearerAuth#API_CLIENT} client role); else 403. */
    public ApiCaller requirePermission(String permission) {
        if (!hasPermission(permission)) {
            throw Problem.of("forbidden", Response.Status.FORBIDDEN, "This needs the permission '" + permission + "'.")
                    .toException();
        }
        return this;
    }

    /** This caller, if it has the role {@code user} and a verified e-mail address; else 403. */
    public ApiCaller requireVerifiedUser() {
        if (!hasRealmRole("user")) {
            throw Problem.of("forbidden", Response.Status.FORBIDDEN, "This needs the role 'user'.")
                    .toException();
        }
        if (!user.isEmailVerified()) {
            throw Problem.of(
                            "email-not-verified",
                            Response.Status.FORBIDDEN,
                            "Verify your e-mail address first: open the link we sent you, or ask for a new one.")
                    .toException();
        }
        return this;
    }
}
