package uz.coffeeshop.keycloak.api.users;

import jakarta.ws.rs.core.Response;
import java.util.HashSet;
import java.util.Set;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import uz.coffeeshop.keycloak.web.auth.ApiCaller;
import uz.coffeeshop.keycloak.web.problem.Problem;

/**
 * Keeps the shop administrable: the last enabled holder of the realm role {@value #ADMIN} can't be deleted,
 * demoted or disabled, and an admin can't take its own admin role or account away through the admin endpoints
 * (another admin must), so nobody locks themselves out by mistake.
 *
 * <p>Two admins demoting each other at the same moment would each still see the other and both succeed; so every
 * change that can remove an admin first takes a realm-wide lock in Keycloak's cluster-wide single-use store
 * (released when the request's transaction ends, or after {@value #LOCK_SECONDS} s if a node dies).
 */
final class AdminGuard {

    static final String ADMIN = "admin";
    private static final int LOCK_SECONDS = 30;

    private final KeycloakSession session;
    private final RealmModel realm;

    AdminGuard(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    boolean isAdmin(UserModel user) {
        RoleModel admin = realm.getRole(ADMIN);
        return admin != null && user.hasRole(admin);
    }

    /** Refuses to let the caller remove its own admin access ({@code what} names the change). */
    void refuseSelf(ApiCaller caller, UserModel target, String what) {
        if (caller.user().getId().equals(target.getId())) {
            throw Problem.of(
                            "self-lockout",
                            Response.Status.CONFLICT,
                            "You can't " + what + " yourself: ask another admin.")
                    .toException();
        }
    }

    /**
     * Before a change that takes admin access from {@code target}: locks admin changes of the realm for this
     * transaction and refuses when {@code target} is the last enabled admin.
     */
    void refuseLastAdmin(UserModel target, String what) {
        if (!isAdmin(target)) {
            return;
        }
        lockAdminChanges();
        if (enabledAdminIds().size() <= 1) {
            throw Problem.of(
                            "last-admin",
                            Response.Status.CONFLICT,
                            "This is the last admin of the shop: it can't be " + what + ". Make another user admin"
                                    + " first.")
                    .toException();
        }
    }

    private void lockAdminChanges() {
        String key = "coffee.admin-change." + realm.getId();
        if (!session.singleUseObjects().putIfAbsent(key, LOCK_SECONDS)) {
            throw Problem.of(
                            "concurrent-admin-change",
                            Response.Status.CONFLICT,
                            "Another change of the admins is in progress: try again in a moment.")
                    .toException();
        }
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                session.singleUseObjects().remove(key);
            }

            @Override
            protected void rollbackImpl() {
                session.singleUseObjects().remove(key);
            }
        });
    }

    /** Enabled users holding the admin role directly or through a group (the ways this realm grants it). */
    Set<String> enabledAdminIds() {
        RoleModel admin = realm.getRole(ADMIN);
        Set<String> ids = new HashSet<>();
        if (admin == null) {
            return ids;
        }
        session.users()
                .getRoleMembersStream(realm, admin)
                .filter(UserModel::isEnabled)
                .forEach(user -> ids.add(user.getId()));
        realm.getGroupsStream()
                .filter(group -> group.hasRole(admin))
                .flatMap((GroupModel group) -> session.users().getGroupMembersStream(realm, group))
                .filter(UserModel::isEnabled)
                .forEach(user -> ids.add(user.getId()));
        return ids;
    }
}
