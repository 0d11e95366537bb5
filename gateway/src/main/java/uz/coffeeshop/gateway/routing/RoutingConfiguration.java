package uz.coffeeshop.gateway.routing;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** The one route: {@code /api/**} to the extension's {@code coffee} resource of {@code COFFEE_REALM}. */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    /**
     * Keycloak's connections: kept alive and pooled (idle ones closed before Keycloak would close them under us),
     * timeouts on the client once: a connect timeout on the channel and Reactor Netty's {@code responseTimeout}, a
     * read-timeout handler on the connection rather than a timer per request.
     */
    @Bean(destroyMethod = "")
    Upstream upstream(
            @Value("${coffee.keycloak-url}") String keycloakUrl,
            @Value("${coffee.realm}") String realm,
            @Value("${coffee.upstream.connect-timeout}") int connectMillis,
            @Value("${coffee.upstream.response-timeout}") Duration response) {
        ConnectionProvider connections = ConnectionProvider.builder("keycloak")
                .maxConnections(500)
                .maxIdleTime(Duration.ofSeconds(20))
                .build();
        HttpClient client = HttpClient.create(connections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
                .responseTimeout(response)
                .keepAlive(true);
        return new Upstream(client, keycloakUrl, realm);
    }
}
