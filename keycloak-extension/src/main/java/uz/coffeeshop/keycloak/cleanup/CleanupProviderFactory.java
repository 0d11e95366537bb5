package uz.coffeeshop.keycloak.cleanup;

import org.keycloak.provider.ProviderFactory;

/** The factory type of the {@value CleanupSpi#NAME} SPI (public: Keycloak loads its implementations by ServiceLoader). */
public interface CleanupProviderFactory extends ProviderFactory<CleanupProvider> {}
