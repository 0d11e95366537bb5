package uz.coffeeshop.keycloak.cleanup;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The SPI {@value #NAME} with its one provider {@value DefaultCleanupProviderFactory#ID}: it gives the cleanup its
 * own option namespace, {@code --spi-coffee-cleanup--default--<option>} (env {@code
 * KC_SPI_COFFEE_CLEANUP__DEFAULT__<OPTION>}).
 */
public final class CleanupSpi implements Spi {

    public static final String NAME = "coffee-cleanup";

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
        return CleanupProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return CleanupProviderFactory.class;
    }
}
