package uz.coffeeshop.keycloak.cleanup;

import org.keycloak.common.util.Time;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Stamps the moment the cleanup was switched on for a realm ({@value CleanupPolicy#ENABLED_SINCE_ATTRIBUTE}) the
 * moment it happens, so the deadline a sign-up is shown holds: when a realm is created or imported with it on
 * (on Keycloak's {@code RealmPostCreateEvent}, fired after the import of the whole
 * representation), when an admin switches it on (the realm update of the admin API, which the console uses too:
 * the global {@link CleanupEvents} sees its {@code REALM UPDATE} admin event inside the request's
 * transaction), and at each tick for a realm that has it on without a stamp (changed in the database). Keycloak's {@code RealmAttributeUpdateEvent}
 * would be the natural hook, but Keycloak 26.7 publishes it only for {@code adminPermissionsEnabled} ({@code
 * org.keycloak.models.jpa.RealmAdapter#setAdminPermissionsEnabled}).
 */
final class SwitchOnStamp {

    private SwitchOnStamp() {}

    /**
     * Stamps the switch-on moment when the realm has the cleanup on without one, forgets it when off (switching on
     * again is not retroactive either). Returns whether the realm has it on.
     */
    static boolean stamp(RealmModel realm) {
        if (realm == null) {
            return false;
        }
        boolean on = CleanupPolicy.switchedOn(realm);
        String since = realm.getAttribute(CleanupPolicy.ENABLED_SINCE_ATTRIBUTE);
        if (on && (since == null || since.isBlank())) {
            realm.setAttribute(CleanupPolicy.ENABLED_SINCE_ATTRIBUTE, String.valueOf(Time.currentTimeMillis()));
        } else if (!on && since != null) {
            realm.removeAttribute(CleanupPolicy.ENABLED_SINCE_ATTRIBUTE);
        }
        return on;
    }

    /** An admin's realm update (the admin API, and the console through it): the switch-on stamp follows it. */
    static void onAdminEvent(KeycloakSession session, AdminEvent event) {
        if (event.getResourceType() == ResourceType.REALM
                && event.getOperationType() == OperationType.UPDATE
                && event.getRealmId() != null) {
            stamp(session.realms().getRealm(event.getRealmId()));
        }
    }
}
