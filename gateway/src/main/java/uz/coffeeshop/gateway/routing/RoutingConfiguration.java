package uz.coffeeshop.gateway.routing;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one route: {@code /api/**} to the extension's {@code coffee} resource of {@code COFFEE_REALM}. */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    /** Idle connections are closed after this, well before Keycloak's own idle timeout would close them under a call. */
    private static final Duration MAX_IDLE = Duration.ofSeconds(20);

    /**
     * Keycloak's connections: kept alive per event loop, the timeouts set once: a connect timeout on each new
     * connection, the response timeout as one timer per call on the connection's loop.
     */
    @Bean
    Upstream upstream(
            @Value("${coffee.keycloak-url}") String keycloakUrl,
            @Value("${coffee.realm}") String realm,
            @Value("${coffee.upstream.connect-timeout}") int connectMillis,
            @Value("${coffee.upstream.response-timeout}") Duration response)
            throws SSLException {
        URI keycloak = URI.create(keycloakUrl);
        boolean https = "https".equalsIgnoreCase(keycloak.getScheme());
        int port = keycloak.getPort() > 0 ? keycloak.getPort() : https ? 443 : 80;
        SslContext tls = https ? SslContextBuilder.forClient().build() : null;
        KeycloakConnections connections = new KeycloakConnections(
                keycloak.getHost(), port, tls, connectMillis, response.toNanos(), MAX_IDLE.toNanos());
        return new Upstream(connections, keycloakUrl, realm);
    }
}
