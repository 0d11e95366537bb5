package uz.coffeeshop.keycloak.cleanup;

import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Remembers that a user's e-mail address was verified once, in the user attribute {@value #ATTRIBUTE}.
 *
 * <p>Keycloak clears {@code emailVerified} when the address changes, so "unverified" alone cannot tell a new
 * account from a customer of years who just typed a new address; the cleanup must never delete the latter. The
 * marker is set when Keycloak reports a verification (VERIFY_EMAIL), a login of a verified user, or an admin
 * creating/updating a verified user, in the transaction of that event; each cleanup run also stamps verified users
 * who have none yet (accounts from before this extension). A global listener: no realm has to enable it.
 */
public final class EverVerifiedMarker implements EventListenerProviderFactory {

    public static final String ID = "coffee-ever-verified";
    public static final String ATTRIBUTE = "coffee.cleanup.everVerified";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new Listener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}

    @Override
    public String getId() {
        return ID;
    }

    /** Sets the marker on a verified user who does not carry it yet; a no-op otherwise. */
    static void markIfVerified(UserModel user) {
        if (user != null && user.isEmailVerified() && user.getFirstAttribute(ATTRIBUTE) == null) {
            user.setSingleAttribute(ATTRIBUTE, String.valueOf(Time.currentTimeMillis()));
        }
    }

    private record Listener(KeycloakSession session) implements EventListenerProvider {

        @Override
        public void onEvent(Event event) {
            if (event.getError() != null || event.getUserId() == null) {
                return;
            }
            if (event.getType() == EventType.VERIFY_EMAIL || event.getType() == EventType.LOGIN) {
                mark(event.getRealmId(), event.getUserId());
            }
        }

        @Override
        public void onEvent(AdminEvent event, boolean includeRepresentation) {
            if (event.getResourceType() != ResourceType.USER
                    || event.getError() != null
                    || event.getResourcePath() == null
                    || !(event.getOperationType() == OperationType.CREATE
                            || event.getOperationType() == OperationType.UPDATE)) {
                return;
            }
            String[] path = event.getResourcePath().split("/");
            if (path.length == 2 && "users".equals(path[0])) {
                mark(event.getRealmId(), path[1]);
            }
        }

        private void mark(String realmId, String userId) {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm != null) {
                markIfVerified(session.users().getUserById(realm, userId));
            }
        }

        @Override
        public void close() {}
    }
}
