package uz.coffeeshop.keycloak.bootstrap;

import org.keycloak.provider.Provider;

/** The provider type of {@link CoffeeBootstrapSpi}: nothing to do per session, so nothing to declare. */
public interface CoffeeBootstrapProvider extends Provider {}
