package uz.coffeeshop.gateway.security;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Keycloak's roles as authorities: realm roles from {@code realm_access.roles} as {@code ROLE_<role>}, and the
 * permissions, which are client roles of {@code coffee-api} in {@code resource_access.coffee-api.roles}, by their
 * own name ({@code users:read}). Scopes are not authorities here: the API's rules speak of roles and permissions.
 */
final class KeycloakAuthorities {

    static final String ROLE_PREFIX = "ROLE_";

    private final String apiClient;

    KeycloakAuthorities(String apiClient) {
        this.apiClient = apiClient;
    }

    Caller caller(Jwt jwt) {
        return new Caller(
                jwt.getSubject(), authorities(jwt), Boolean.TRUE.equals(jwt.getClaimAsBoolean("email_verified")));
    }

    Set<String> authorities(Jwt jwt) {
        Set<String> authorities = new HashSet<>();
        for (String role : roles(jwt.getClaimAsMap("realm_access"))) {
            authorities.add(ROLE_PREFIX + role);
        }
        Map<String, Object> resources = jwt.getClaimAsMap("resource_access");
        if (resources != null && resources.get(apiClient) instanceof Map<?, ?> client) {
            authorities.addAll(roles(client));
        }
        return Set.copyOf(authorities);
    }

    private static List<String> roles(Map<?, ?> access) {
        if (access == null || !(access.get("roles") instanceof Collection<?> roles)) {
            return List.of();
        }
        return roles.stream()
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .toList();
    }
}
