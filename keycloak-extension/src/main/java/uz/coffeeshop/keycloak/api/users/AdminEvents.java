package uz.coffeeshop.keycloak.api.users;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import uz.coffeeshop.keycloak.web.auth.ApiCaller;

/**
 * Admin changes made through the API are recorded as Keycloak admin events (realm, operation, resource path,
 * the acting user and client), so they show in the admin console next to changes made there.
 */
public final class AdminEvents {

    private final KeycloakSession session;
    private final ApiCaller caller;

    public AdminEvents(KeycloakSession session, ApiCaller caller) {
        this.session = session;
        this.caller = caller;
    }

    public void record(OperationType operation, ResourceType resource, Object representation, String... path) {
        ClientModel client = caller.realm().getClientByClientId(caller.token().getIssuedFor());
        AdminAuth auth = new AdminAuth(caller.realm(), caller.token(), caller.user(), client);
        new AdminEventBuilder(
                        caller.realm(), auth, session, session.getContext().getConnection())
                .operation(operation)
                .resource(resource)
                .resourcePath(path)
                .representation(representation)
                .success();
    }
}
