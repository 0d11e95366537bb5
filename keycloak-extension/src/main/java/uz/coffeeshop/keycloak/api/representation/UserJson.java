package uz.coffeeshop.keycloak.api.representation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.utils.KeycloakSessionUtil;
import uz.coffeeshop.keycloak.cleanup.CleanupProvider;
import uz.coffeeshop.keycloak.config.ShopTimeZone;

/**
 * The user as the API shows it: {@code id, email, firstName, lastName, emailVerified, roles, createdAt} and,
 * only for an unverified user the cleanup will remove, {@code deletionDueAt}; {@code pendingEmail} while a new
 * address waits for its confirmation. Times are ISO-8601 with the offset
 * of the shop's zone. Written with our own mapper, so the shape does not depend on how Keycloak configures its
 * JSON provider.
 */
public final class UserJson {

    /** The realm roles the API speaks about; Keycloak's technical roles (default-roles-*, offline_access) stay out. */
    public static final List<String> ROLES = List.of("user", "admin");

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private UserJson() {}

    public static Map<String, Object> of(RealmModel realm, UserModel user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", user.getId());
        json.put("email", user.getEmail());
        json.put("firstName", user.getFirstName());
        json.put("lastName", user.getLastName());
        json.put("emailVerified", user.isEmailVerified());
        json.put("roles", roles(realm, user));
        json.put(
                "createdAt",
                user.getCreatedTimestamp() == null
                        ? null
                        : ShopTimeZone.format(Instant.ofEpochMilli(user.getCreatedTimestamp()), realm));
        String pendingEmail = user.getFirstAttribute(UserModel.EMAIL_PENDING);
        if (pendingEmail != null) {
            // A requested new address that waits for its confirmation link; the account keeps `email` until then.
            json.put("pendingEmail", pendingEmail);
        }
        if (!user.isEmailVerified()) {
            // The request's session (set by Keycloak for every request): the cleanup's options live in its provider.
            KeycloakSessionUtil.getKeycloakSession()
                    .getProvider(CleanupProvider.class)
                    .deletionDueAt(realm, user)
                    .ifPresent(due -> json.put("deletionDueAt", ShopTimeZone.format(due, realm)));
        }
        return json;
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

    public static String write(Object json) {
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
