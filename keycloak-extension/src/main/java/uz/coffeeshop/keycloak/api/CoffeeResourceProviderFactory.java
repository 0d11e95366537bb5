package uz.coffeeshop.keycloak.api;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Registers the {@code coffee} realm resource, served at {@code /realms/{realm}/coffee/...}.
 *
 * <p>The id is part of every public URL (the gateway routes {@code /api/**} to it), so it never changes.
 */
public final class CoffeeResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "coffee";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new CoffeeResourceProvider(session);
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
}
