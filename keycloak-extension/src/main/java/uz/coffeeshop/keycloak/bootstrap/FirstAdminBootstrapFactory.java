package uz.coffeeshop.keycloak.bootstrap;

import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Creates the coffee-shop realm's first admin at start-up when {@code COFFEE_ADMIN_EMAIL} and
 * {@code COFFEE_ADMIN_PASSWORD} are both set, the way Keycloak schedules its own start-up work: on
 * {@link PostMigrationEvent} (after the realm import), in a transaction of its own. There is no default
 * password: without both variables nothing happens.
 */
public final class FirstAdminBootstrapFactory implements CoffeeBootstrapProviderFactory {

    static final String ID = "first-admin";
    static final String EMAIL_VARIABLE = "COFFEE_ADMIN_EMAIL";
    static final String PASSWORD_VARIABLE = "COFFEE_ADMIN_PASSWORD";
    static final String REALM_OPTION = "realm";
    static final String DEFAULT_REALM = "coffee-shop";

    private static final Logger LOG = Logger.getLogger(FirstAdminBootstrapFactory.class);

    private String realm = DEFAULT_REALM;

    @Override
    public void init(Config.Scope config) {
        realm = config.get(REALM_OPTION, DEFAULT_REALM);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        Optional<FirstAdmin> wanted =
                FirstAdmin.fromEnvironment(realm, System.getenv(EMAIL_VARIABLE), System.getenv(PASSWORD_VARIABLE));
        if (wanted.isEmpty()) {
            return;
        }
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                createOnce(factory, wanted.get());
            }
        });
    }

    private static void createOnce(KeycloakSessionFactory factory, FirstAdmin admin) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, admin::ensure);
        } catch (RuntimeException e) {
            // Two nodes starting together may both try; the second loses on the unique username and that is fine.
            LOG.warnf(e, "Could not create the first admin %s of realm %s", admin.email(), admin.realm());
        }
    }

    @Override
    public CoffeeBootstrapProvider create(KeycloakSession session) {
        throw new UnsupportedOperationException("start-up work only: no provider per session");
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(REALM_OPTION)
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULT_REALM)
                .helpText("The realm whose first admin COFFEE_ADMIN_EMAIL and COFFEE_ADMIN_PASSWORD create.")
                .add()
                .build();
    }

    @Override
    public void close() {}

    @Override
    public String getId() {
        return ID;
    }
}
