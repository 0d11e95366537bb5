package uz.coffeeshop.keycloak.mail;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers {@link OutboxJpaEntityProvider}; Keycloak runs its changelog with its own at start-up. */
public final class OutboxJpaEntityProviderFactory implements JpaEntityProviderFactory {

    static final String ID = "coffee-mail-outbox";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new OutboxJpaEntityProvider();
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
