package uz.coffeeshop.keycloak.bootstrap;

import org.keycloak.provider.ProviderFactory;

/** The factory type of {@link CoffeeBootstrapSpi}. */
public interface CoffeeBootstrapProviderFactory extends ProviderFactory<CoffeeBootstrapProvider> {}
