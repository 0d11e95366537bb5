package uz.coffeeshop.gateway.routing;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.WebFilter;
import uz.coffeeshop.gateway.observability.RequestIdFilter;
import uz.coffeeshop.gateway.ratelimit.ClientAddressResolver;

/** The web filters in front of Spring Security, in this order: request id, CORS, the door. */
@Configuration(proxyBeanMethods = false)
class DoorConfiguration {

    @Bean
    ClientAddressResolver clientAddressResolver(DoorProperties door) {
        return new ClientAddressResolver(door.trustedProxies());
    }

    @Bean
    RequestIdFilter requestIdFilter(ClientAddressResolver clientAddresses, DoorProperties door) {
        return new RequestIdFilter(clientAddresses, door.accessLog());
    }

    @Bean
    PublicDoorFilter publicDoorFilter(DoorProperties door, @Value("${server.port}") int publicPort) {
        return new PublicDoorFilter(door.maxBodySize(), publicPort);
    }

    /** CORS for the configured web origins only; a preflight from any other origin is refused. */
    @Bean
    WebFilter corsFilter(DoorProperties door) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(door.allowedOrigins());
        cors.setAllowedMethods(List.of(
                HttpMethod.GET.name(),
                HttpMethod.POST.name(),
                HttpMethod.PATCH.name(),
                HttpMethod.PUT.name(),
                HttpMethod.DELETE.name()));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", RequestIdFilter.HEADER));
        cors.setExposedHeaders(List.of(RequestIdFilter.HEADER, "Location", "Retry-After", "WWW-Authenticate"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        return new CorsFilter(source);
    }

    @Bean
    HttpHeadersFilter forwardedHeaders() {
        return new ForwardedHeaders();
    }

    @Bean
    HttpHeadersFilter upstreamCors() {
        return new ForwardedHeaders.UpstreamCors();
    }
}
