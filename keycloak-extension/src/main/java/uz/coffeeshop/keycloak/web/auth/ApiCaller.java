package uz.coffeeshop.keycloak.web.auth;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * Who is calling, once their bearer token has been checked. Permissions are read from the user's current role
 * mappings (composites and groups included), not from the token, so a revoked permission takes effect at once.
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
}
