package uz.coffeeshop.keycloak.bootstrap;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * A small SPI of our own for work done once at start-up, after Keycloak has migrated its model and imported the
 * realms. Its factories do their work in {@code postInit} (on {@code PostMigrationEvent}); no provider instance is
 * ever asked for. An SPI of its own keeps this out of lists where it does not belong (event listeners, realm
 * resources) and gives its options the {@code --spi-coffee-bootstrap--<provider>--<option>} form.
 */
public final class CoffeeBootstrapSpi implements Spi {

    static final String NAME = "coffee-bootstrap";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return CoffeeBootstrapProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return CoffeeBootstrapProviderFactory.class;
    }
}
