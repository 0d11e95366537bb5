package uz.coffeeshop.keycloak.cleanup;

import java.util.List;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/** Adds the cleanup's state entity to Keycloak's persistence unit and its table to Keycloak's Liquibase migration. */
final class CleanupJpaEntityProvider implements JpaEntityProvider {

    @Override
    public List<Class<?>> getEntities() {
        return List.of(CleanupStateEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/coffee-cleanup-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return CleanupJpaEntityProviderFactory.ID;
    }

    @Override
    public void close() {}
}
