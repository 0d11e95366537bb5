package uz.coffeeshop.gateway.door;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.WebFilter;

/** The web filters in front of Spring Security, in this order: request id, CORS, the door. */
@Configuration(proxyBeanMethods = false)
class DoorConfiguration {

    @Bean
    ClientAddressResolver clientAddressResolver(DoorProperties door) {
        return new ClientAddressResolver(door.trustedProxies());
    }

    @Bean
    FrontDoorFilter frontDoorFilter(ClientAddressResolver clientAddresses, DoorProperties door) {
        return new FrontDoorFilter(clientAddresses, door.accessLog());
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
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", RequestIds.HEADER));
        cors.setExposedHeaders(List.of(RequestIds.HEADER, "Location", "Retry-After", "WWW-Authenticate"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        return new CorsFilter(source);
    }
}
