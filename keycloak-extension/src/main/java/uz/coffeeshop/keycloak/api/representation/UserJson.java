package uz.coffeeshop.keycloak.api.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.utils.KeycloakSessionUtil;
import uz.coffeeshop.keycloak.cleanup.CleanupProvider;
import uz.coffeeshop.keycloak.config.ShopTimeZone;

/**
 * The user as the API shows it: {@code id, email, firstName, lastName, emailVerified, roles, createdAt} (null where
 * unset) and, only for an unverified user the cleanup will remove, {@code deletionDueAt}; {@code pendingEmail} while a
 * new address waits for its confirmation. Times are ISO-8601 with the offset of the shop's zone. Written by
 * {@link JsonText}, in this order.
 */
public record UserJson(
        String id,
        String email,
        String firstName,
        String lastName,
        boolean emailVerified,
        List<String> roles,
        String createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String pendingEmail,
        @JsonInclude(JsonInclude.Include.NON_NULL) String deletionDueAt) {

    /** The realm roles the API speaks about; Keycloak's technical roles (default-roles-*, offline_access) stay out. */
    public static final List<String> ROLES = List.of("user", "admin");

    public static UserJson of(RealmModel realm, UserModel user) {
        Long created = user.getCreatedTimestamp();
        return new UserJson(
                user.getId(),
                user.getEmail(),
                user.getFirstName(),
                user.getLastName(),
                user.isEmailVerified(),
                roles(realm, user),
                created == null ? null : ShopTimeZone.format(Instant.ofEpochMilli(created), realm),
                // A requested new address that waits for its confirmation link; the account keeps `email` until then.
                user.getFirstAttribute(UserModel.EMAIL_PENDING),
                user.isEmailVerified() ? null : deletionDueAt(realm, user));
    }

    /** The API roles the user holds now, directly, through a composite or a group. */
    public static List<String> roles(RealmModel realm, UserModel user) {
        List<String> roles = new ArrayList<>();
        for (String name : ROLES) {
            RoleModel role = realm.getRole(name);
            if (role != null && user.hasRole(role)) {
                roles.add(name);
            }
        }
        return roles;
    }

    private static String deletionDueAt(RealmModel realm, UserModel user) {
        // The request's session (set by Keycloak for every request): the cleanup's options live in its provider.
        return KeycloakSessionUtil.getKeycloakSession()
                .getProvider(CleanupProvider.class)
                .deletionDueAt(realm, user)
                .map(due -> ShopTimeZone.format(due, realm))
                .orElse(null);
    }
}
