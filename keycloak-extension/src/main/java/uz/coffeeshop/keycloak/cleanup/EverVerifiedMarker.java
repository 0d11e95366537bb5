package uz.coffeeshop.keycloak.cleanup;

import org.keycloak.common.util.Time;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Remembers that a user's e-mail address was verified once, in the user attribute {@value #ATTRIBUTE}.
 *
 * <p>Keycloak clears {@code emailVerified} when the address changes, so "unverified" alone cannot tell a new
 * account from a customer of years who just typed a new address; the cleanup must never delete the latter. The
 * marker is set when Keycloak reports a verification (VERIFY_EMAIL), a login of a verified user, or an admin
 * creating/updating a verified user, in the transaction of that event. Called by the global {@link CleanupEvents}.
 */
final class EverVerifiedMarker {

    static final String ATTRIBUTE = "coffee.cleanup.everVerified";

    private EverVerifiedMarker() {}

    /** Sets the marker on a verified user who does not carry it yet; a no-op otherwise. */
    static void markIfVerified(UserModel user) {
        if (user != null && user.isEmailVerified() && user.getFirstAttribute(ATTRIBUTE) == null) {
            user.setSingleAttribute(ATTRIBUTE, String.valueOf(Time.currentTimeMillis()));
        }
    }

    /** A verification, or a login of a verified user. */
    static void onEvent(KeycloakSession session, Event event) {
        if (event.getType() == EventType.VERIFY_EMAIL || event.getType() == EventType.LOGIN) {
            mark(session, event.getRealmId(), event.getUserId());
        }
    }

    /** An admin creating or updating a user, who may be verified now. */
    static void onAdminEvent(KeycloakSession session, AdminEvent event) {
        if (event.getResourceType() != ResourceType.USER
                || event.getResourcePath() == null
                || !(event.getOperationType() == OperationType.CREATE
                        || event.getOperationType() == OperationType.UPDATE)) {
            return;
        }
        String[] path = event.getResourcePath().split("/");
        if (path.length == 2 && "users".equals(path[0])) {
            mark(session, event.getRealmId(), path[1]);
        }
    }

    private static void mark(KeycloakSession session, String realmId, String userId) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm != null) {
            markIfVerified(session.users().getUserById(realm, userId));
        }
    }
}
