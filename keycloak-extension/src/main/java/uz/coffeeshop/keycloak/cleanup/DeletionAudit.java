package uz.coffeeshop.keycloak.cleanup;

import java.util.Map;
import java.util.UUID;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/**
 * Records a deletion as an admin event (resource type USER, operation DELETE, the reason in the representation and
 * the details), the way the admin console shows the deletions an administrator made. Built by hand because
 * Keycloak's {@code AdminEventBuilder} needs an authenticated admin request, and a scheduled run has none: its
 * events name the client {@value #ACTOR} as the actor, a manual run the admin who asked for it.
 */
final class DeletionAudit {

    static final String ACTOR = "coffee-cleanup";

    private DeletionAudit() {}

    static void deleted(
            KeycloakSession session, RealmModel realm, CleanupActor actor, String userId, String email, String reason) {
        AdminEvent event = new AdminEvent();
        event.setId(UUID.randomUUID().toString());
        event.setTime(Time.currentTimeMillis());
        event.setRealmId(realm.getId());
        event.setRealmName(realm.getName());
        AuthDetails auth = new AuthDetails();
        auth.setRealmId(actor.realmId());
        auth.setClientId(actor.clientId());
        auth.setUserId(actor.userId());
        auth.setIpAddress(actor.ipAddress());
        event.setAuthDetails(auth);
        event.setOperationType(OperationType.DELETE);
        event.setResourceType(ResourceType.USER);
        event.setResourcePath("users/" + userId);
        Map<String, String> details = Map.of("reason", reason, "email", email == null ? "" : email, "by", ACTOR);
        event.setDetails(details);
        try {
            event.setRepresentation(JsonSerialization.writeValueAsString(details));
        } catch (java.io.IOException e) {
            event.setRepresentation(null);
        }
        if (realm.isAdminEventsEnabled()) {
            session.getProvider(EventStoreProvider.class).onEvent(event, realm.isAdminEventsDetailsEnabled());
        }
        realm.getEventsListenersStream()
                .map(id -> session.getProvider(EventListenerProvider.class, id))
                .filter(listener -> listener != null)
                .forEach(listener -> listener.onEvent(event, realm.isAdminEventsDetailsEnabled()));
    }
}
