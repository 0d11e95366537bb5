package uz.coffeeshop.gateway.routing;

import java.net.URI;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uz.coffeeshop.gateway.door.PublicDoor;

/**
 * The one route of Spring Cloud Gateway: {@code /api/<rest>} to {@code KEYCLOAK_URL/realms/<realm>/coffee/<rest>}
 * with the query as it came ({@code StripPrefix}, {@code PrefixPath}), and a {@code Location} or
 * {@code Content-Location} Keycloak writes for the extension ({@code http://<inside host>/realms/<realm>/coffee/x},
 * whatever scheme and host it named) back to the public path {@code /api/x} ({@code RewriteResponseHeader}). The
 * HTTP client's timeouts are set once on Gateway's one client ({@link UpstreamTimeouts}).
 */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    static final String ROUTE = "coffee-api";

    @Bean
    RouteLocator coffeeApi(
            RouteLocatorBuilder routes,
            @Value("${coffee.keycloak-url}") String keycloakUrl,
            @Value("${coffee.realm}") String realm) {
        URI keycloak = URI.create(keycloakUrl);
        String keycloakPath = keycloak.getRawPath() == null ? "" : keycloak.getRawPath();
        String inside = keycloakPath + "/realms/" + realm + "/coffee";
        String insideUrl = "^(?:[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*)?" + Pattern.quote(inside + "/");
        return routes.routes()
                .route(
                        ROUTE,
                        route -> route.path("/api/**")
                                .filters(filters -> filters.stripPrefix(1)
                                        .prefixPath(inside)
                                        .rewriteResponseHeader("Location", insideUrl, "/api/")
                                        .rewriteResponseHeader("Content-Location", insideUrl, "/api/"))
                                .uri(keycloak.getScheme() + "://" + keycloak.getRawAuthority()))
                .build();
    }

    @Bean
    ForwardedHeaders forwardedHeaders() {
        return new ForwardedHeaders();
    }

    @Bean
    KeycloakCorsHeaders keycloakCorsHeaders() {
        return new KeycloakCorsHeaders();
    }

    @Bean
    BodyLimit bodyLimit(PublicDoor door) {
        return new BodyLimit(door);
    }
}
