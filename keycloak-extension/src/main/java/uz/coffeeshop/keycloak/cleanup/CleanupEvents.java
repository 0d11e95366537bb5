package uz.coffeeshop.keycloak.cleanup;

import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * The cleanup's one event listener: the {@link SignUpMark} on a sign-up, the {@link EverVerifiedMarker} on a
 * verification, and the {@link SwitchOnStamp} when an admin updates a realm. Global ({@link #isGlobal()}): no realm
 * has to enable it, so no realm config changes. Keycloak calls it synchronously inside the transaction of the event
 * ({@code EventBuilder.success}, {@code AdminEventBuilder.send}), so what it writes commits with what caused it.
 */
public final class CleanupEvents implements EventListenerProviderFactory {

    public static final String ID = "coffee-cleanup";

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

    private record Listener(KeycloakSession session) implements EventListenerProvider {

        @Override
        public void onEvent(Event event) {
            if (event.getError() == null && event.getUserId() != null) {
                SignUpMark.onEvent(session, event);
                EverVerifiedMarker.onEvent(session, event);
            }
        }

        @Override
        public void onEvent(AdminEvent event, boolean includeRepresentation) {
            if (event.getError() == null) {
                EverVerifiedMarker.onAdminEvent(session, event);
                SwitchOnStamp.onAdminEvent(session, event);
            }
        }

        @Override
        public void close() {}
    }
}
