package uz.coffeeshop.keycloak.limits;

import org.keycloak.provider.ProviderFactory;

/** The factory type of the SPI {@value RequestLimitsSpi#NAME}. */
public interface RequestLimitsProviderFactory extends ProviderFactory<RequestLimitsProvider> {}
