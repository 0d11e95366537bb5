package uz.coffeeshop.keycloak.api;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** One instance per request: hands JAX-RS the root resource of the coffee API for this session. */
final class CoffeeResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;

    CoffeeResourceProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        return new CoffeeResource(session);
    }

    @Override
    public void close() {}
}
