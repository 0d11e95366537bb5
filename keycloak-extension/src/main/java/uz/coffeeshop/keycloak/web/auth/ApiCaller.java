package uz.coffeeshop.keycloak.web.auth;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;

/**
 * Who is calling, once their bearer token has been checked. Permissions are read from the user's current role
 * mappings (composites and groups included), not from the token, so a revoked permission takes effect at once.
 */
public record ApiCaller(RealmModel realm, UserModel user, AccessToken token) {

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
