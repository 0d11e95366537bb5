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
 * ({@link #realmCreated}, on Keycloak's {@code RealmPostCreateEvent}, fired after the import of the whole
 * representation), when an admin switches it on (the realm update of the admin API, which the console uses too:
 * the global {@link CleanupEvents} sees its {@code REALM UPDATE} admin event inside the request's transaction), and at start
 * for realms that have it on without a stamp ({@link #atStartup}). Keycloak's {@code RealmAttributeUpdateEvent}
 * would be the natural hook, but Keycloak 26.7 publishes it only for {@code adminPermissionsEnabled} ({@code
 * org.keycloak.models.jpa.RealmAdapter#setAdminPermissionsEnabled}).
 *
 * <p>It also records since when sign-ups are marked ({@value #MARKS_SINCE_ATTRIBUTE}): accounts of an upgraded
 * realm older than that are decided once by {@link LegacySignUps}; a realm created with this extension has nothing
 * to decide ({@value #LEGACY_DECIDED_ATTRIBUTE} is set at once).
 */
final class SwitchOnStamp {

    /** Epoch milliseconds since when the realm's sign-ups carry the {@link SignUpMark}. */
    static final String MARKS_SINCE_ATTRIBUTE = "coffee.cleanup.signUpMarksSince";
    /** Epoch milliseconds when the accounts older than the marks were decided. */
    static final String LEGACY_DECIDED_ATTRIBUTE = "coffee.cleanup.legacyDecidedAt";

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

    /** A realm just created or imported: every sign-up it will have is marked, nothing older to decide. */
    static void realmCreated(RealmModel realm) {
        String now = String.valueOf(Time.currentTimeMillis());
        realm.setAttribute(MARKS_SINCE_ATTRIBUTE, now);
        realm.setAttribute(LEGACY_DECIDED_ATTRIBUTE, now);
        stamp(realm);
    }

    /** At start: the switch-on stamp if missing, and for a realm from before the marks, since when they exist. */
    static void atStartup(RealmModel realm) {
        if (realm.getAttribute(MARKS_SINCE_ATTRIBUTE) == null) {
            realm.setAttribute(MARKS_SINCE_ATTRIBUTE, String.valueOf(Time.currentTimeMillis()));
        }
        stamp(realm);
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
