package uz.coffeeshop.gateway.door;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The door's settings ({@code coffee.door.*} in application.yml, env names in the README).
 *
 * @param allowedOrigins web origins that may call the API from a browser (CORS); empty allows none
 * @param trustedProxies addresses or CIDR ranges of reverse proxies whose {@code X-Forwarded-For} is believed
 * @param maxBodySize request bodies above this are refused with 413 before anything reaches Keycloak
 * @param accessLog one structured log line per request
 */
@ConfigurationProperties("coffee.door")
public record DoorProperties(
        List<String> allowedOrigins, List<String> trustedProxies, DataSize maxBodySize, boolean accessLog) {

    public DoorProperties {
        allowedOrigins = allowedOrigins == null
                ? List.of()
                : allowedOrigins.stream()
                        .map(String::trim)
                        .filter(o -> !o.isEmpty())
                        .toList();
        trustedProxies = trustedProxies == null ? List.of() : trustedProxies;
    }
}
