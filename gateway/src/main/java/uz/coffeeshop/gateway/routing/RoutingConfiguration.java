package uz.coffeeshop.gateway.routing;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What goes to Keycloak and what comes back: the headers of the one route (application.yml, {@code coffee-api}). */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    @Bean
    HttpHeadersFilter forwardedHeaders() {
        return new ForwardedHeaders();
    }

    @Bean
    HttpHeadersFilter upstreamHeaders(@Value("${coffee.realm}") String realm) {
        return new UpstreamHeaders(realm);
    }
}
