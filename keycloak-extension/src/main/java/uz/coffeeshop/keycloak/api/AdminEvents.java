package uz.coffeeshop.keycloak.api;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import uz.coffeeshop.keycloak.web.auth.ApiCaller;

/**
 * Admin changes made through the API are recorded as Keycloak admin events (realm, operation, resource path,
 * the acting user and client), so they show in the admin console next to changes made there. Made once per request
 * by {@link CoffeeResource}, for the caller it authenticated.
 */
public final class AdminEvents {

    private final KeycloakSession session;
    private final ApiCaller caller;
    private final AdminAuth auth;

    AdminEvents(KeycloakSession session, ApiCaller caller) {
        this.session = session;
        this.caller = caller;
        // The client the token was issued for acts, as in Keycloak's own admin API.
        ClientModel client = caller.realm().getClientByClientId(caller.token().getIssuedFor());
        this.auth = new AdminAuth(caller.realm(), caller.token(), caller.user(), client);
    }

    /**
     * A builder per event: Keycloak's keeps the last representation when given null, so a reused one could write a
     * deletion with the representation of an earlier change.
     */
    public void record(OperationType operation, ResourceType resource, Object representation, String... path) {
        new AdminEventBuilder(
                        caller.realm(), auth, session, session.getContext().getConnection())
                .operation(operation)
                .resource(resource)
                .resourcePath(path)
                .representation(representation)
                .success();
    }
}
