package uz.coffeeshop.it.support;

/**
 * Where the tests' Keycloak nodes run: {@code -Dcoffee.keycloak.runtime=process} (the default: the built
 * distribution started with kc.sh) or {@code container} (the project's Keycloak image in testcontainers-keycloak's
 * {@code KeycloakContainer}, see {@link KeycloakInContainer}). The test classes are the same in both.
 */
public enum KeycloakRuntime {
    PROCESS,
    CONTAINER;

    public static KeycloakRuntime current() {
        return valueOf(System.getProperty("coffee.keycloak.runtime", "process").toUpperCase(java.util.Locale.ROOT));
    }
}
