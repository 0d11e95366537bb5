package uz.coffeeshop.keycloak.mail;

import java.util.List;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/** Adds the outbox entity to Keycloak's persistence unit and its table to Keycloak's Liquibase migration. */
final class OutboxJpaEntityProvider implements JpaEntityProvider {

    @Override
    public List<Class<?>> getEntities() {
        return List.of(OutboxMessageEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/coffee-mail-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return OutboxJpaEntityProviderFactory.ID;
    }

    @Override
    public void close() {}
}
