package uz.coffeeshop.keycloak.cleanup;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers {@link CleanupJpaEntityProvider}; Keycloak runs its changelog with its own at start-up. */
public final class CleanupJpaEntityProviderFactory implements JpaEntityProviderFactory {

    static final String ID = "coffee-cleanup-state";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new CleanupJpaEntityProvider();
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
