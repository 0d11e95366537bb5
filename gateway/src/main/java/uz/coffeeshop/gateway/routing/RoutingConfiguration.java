package uz.coffeeshop.gateway.routing;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What goes to Keycloak and what comes back: the headers of the one route (application.yml, {@code coffee-api}). */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    /**
     * Keycloak's timeouts, on the client once. Spring Cloud Gateway's own {@code httpclient.connect-timeout} makes
     * {@code NettyRoutingFilter} call {@code httpClient.option(...)} per request (a new client configuration each
     * time) and its {@code response-timeout} adds a Reactor {@code timeout} (a timer on another thread) per request;
     * Reactor Netty's {@code responseTimeout} is a read-timeout handler on the connection instead.
     */
    @Bean
    HttpClientCustomizer upstreamTimeouts(
            @Value("${coffee.upstream.connect-timeout}") int connectMillis,
            @Value("${coffee.upstream.response-timeout}") Duration response) {
        return client -> client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
                .responseTimeout(response);
    }

    @Bean
    HttpHeadersFilter forwardedHeaders() {
        return new ForwardedHeaders();
    }

    @Bean
    HttpHeadersFilter upstreamHeaders(@Value("${coffee.realm}") String realm) {
        return new UpstreamHeaders(realm);
    }
}
