package uz.coffeeshop.gateway.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Keycloak's roles as authorities: realm roles from {@code realm_access.roles} as {@code ROLE_<role>}, and the
 * permissions, which are client roles of {@code coffee-api} in {@code resource_access.coffee-api.roles}, by their
 * own name ({@code users:read}). Scopes are not authorities here: the API's rules speak of roles and permissions.
 */
final class KeycloakAuthorities implements Converter<Jwt, AbstractAuthenticationToken> {

    static final String ROLE_PREFIX = "ROLE_";

    private final String apiClient;

    KeycloakAuthorities(String apiClient) {
        this.apiClient = apiClient;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        return new JwtAuthenticationToken(jwt, authorities(jwt), jwt.getSubject());
    }

    Collection<GrantedAuthority> authorities(Jwt jwt) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (String role : roles(jwt.getClaimAsMap("realm_access"))) {
            authorities.add(new SimpleGrantedAuthority(ROLE_PREFIX + role));
        }
        Map<String, Object> resources = jwt.getClaimAsMap("resource_access");
        if (resources != null && resources.get(apiClient) instanceof Map<?, ?> client) {
            for (String permission : roles(client)) {
                authorities.add(new SimpleGrantedAuthority(permission));
            }
        }
        return authorities;
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
