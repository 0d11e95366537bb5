package uz.coffeeshop.gateway.routing;

import java.util.Locale;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import uz.coffeeshop.gateway.door.DoorContext;

/**
 * What Keycloak hears about the client: the forwarding headers a client sent ({@code Forwarded},
 * {@code X-Forwarded-*}, {@code X-Real-IP}) are dropped, so nobody can make Keycloak believe another host, scheme
 * or port (and so another issuer or realm URL); {@code X-Forwarded-For} is set to the one address the trusted-proxy
 * rules resolved, and {@code X-Request-Id} to the door's request id. The host Keycloak sees is
 * {@code KEYCLOAK_URL}'s. One copy of the headers for all of it (Spring Cloud Gateway hands each filter the last
 * one's output, and the first gets the request's read-only map).
 */
final class ForwardedHeaders implements HttpHeadersFilter {

    static final String REQUEST_ID = "X-Request-Id";

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        HttpHeaders output = new HttpHeaders();
        for (var header : input.headerSet()) {
            String name = header.getKey();
            if (!isForwarding(name) && !name.equalsIgnoreCase(REQUEST_ID)) {
                output.put(name, header.getValue());
            }
        }
        DoorContext door = DoorContext.of(exchange);
        if (door != null) {
            output.set("X-Forwarded-For", door.client().text());
            output.set(REQUEST_ID, door.requestId());
        }
        return output;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.REQUEST;
    }

    private static boolean isForwarding(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("forwarded") || lower.startsWith("x-forwarded-") || lower.equals("x-real-ip");
    }
}
