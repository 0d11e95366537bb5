package uz.coffeeshop.keycloak.api.users;

import jakarta.ws.rs.core.Response;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import uz.coffeeshop.keycloak.web.auth.ApiCaller;
import uz.coffeeshop.keycloak.web.auth.BearerAuth;
import uz.coffeeshop.keycloak.web.problem.Problem;

/**
 * Permissions are handed out one by one, so holding one must not be a way to more: a caller changes, disables,
 * deletes or re-roles a user only if it holds every privilege that user holds (each {@value BearerAuth#API_CLIENT}
 * permission, and the realm role {@value AdminGuard#ADMIN}, so only an admin acts on an admin), and grants no role
 * that contains a role the caller lacks. Read from live role mappings, composites and groups included.
 */
final class PrivilegeRule {

    private final RealmModel realm;

    PrivilegeRule(RealmModel realm) {
        this.realm = realm;
    }

    /** 403 unless {@code caller} holds everything {@code target} holds. */
    void requireCovers(ApiCaller caller, UserModel target) {
        Set<String> missing = new TreeSet<>(privileges(target));
        missing.removeAll(privileges(caller.user()));
        if (!missing.isEmpty()) {
            throw Problem.of(
                            "insufficient-privileges",
                            Response.Status.FORBIDDEN,
                            "This user holds what you don't (" + String.join(", ", missing)
                                    + "): only someone who holds all of it may change this user.")
                    .toException();
        }
    }

    /** 403 unless {@code caller} holds every role inside {@code role} (its composites, all the way down). */
    void requireCanGrant(ApiCaller caller, RoleModel role) {
        Set<String> missing = new TreeSet<>();
        Deque<RoleModel> open = new ArrayDeque<>(role.getCompositesStream().toList());
        Set<String> seen = new HashSet<>();
        while (!open.isEmpty()) {
            RoleModel inner = open.pop();
            if (!seen.add(inner.getId())) {
                continue;
            }
            if (!caller.user().hasRole(inner)) {
                missing.add(name(inner));
            }
            inner.getCompositesStream().forEach(open::push);
        }
        if (!missing.isEmpty()) {
            throw Problem.of(
                            "insufficient-privileges",
                            Response.Status.FORBIDDEN,
                            "The role '" + role.getName() + "' grants what you don't hold ("
                                    + String.join(", ", missing) + "): you can't grant it.")
                    .toException();
        }
    }

    private Set<String> privileges(UserModel user) {
        Set<String> held = new HashSet<>();
        ClientModel api = realm.getClientByClientId(BearerAuth.API_CLIENT);
        if (api != null) {
            api.getRolesStream().filter(user::hasRole).forEach(role -> held.add(role.getName()));
        }
        RoleModel admin = realm.getRole(AdminGuard.ADMIN);
        if (admin != null && user.hasRole(admin)) {
            held.add(AdminGuard.ADMIN);
        }
        return held;
    }

    private static String name(RoleModel role) {
        return role.isClientRole() && role.getContainer() instanceof ClientModel client
                ? client.getClientId() + ":" + role.getName()
                : role.getName();
    }
}
