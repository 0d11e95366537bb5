package uz.coffeeshop.keycloak.limits;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The SPI {@value #NAME} with its one provider {@value DefaultRequestLimitsProviderFactory#ID}: the option namespace
 * {@code --spi-coffee-limits--default--<option>} (env {@code KC_SPI_COFFEE_LIMITS__DEFAULT__<OPTION>}).
 */
public final class RequestLimitsSpi implements Spi {

    public static final String NAME = "coffee-limits";

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
        return RequestLimitsProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return RequestLimitsProviderFactory.class;
    }
}
