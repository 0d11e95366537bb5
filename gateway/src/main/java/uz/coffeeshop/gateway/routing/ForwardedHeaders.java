package uz.coffeeshop.gateway.routing;

import java.util.Locale;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import uz.coffeeshop.gateway.observability.RequestIdFilter;

/**
 * What Keycloak hears about the client: the forwarding headers a client sent ({@code Forwarded},
 * {@code X-Forwarded-*}, {@code X-Real-IP}) are dropped, so nobody can make Keycloak believe another host, scheme
 * or port (and so another issuer or realm URL); {@code X-Forwarded-For} is set to the one address the trusted-proxy
 * rules resolved. The host Keycloak sees is {@code KEYCLOAK_URL}'s. On the way back, Keycloak's CORS headers are
 * dropped: the gateway answers CORS for its own origins.
 */
final class ForwardedHeaders implements HttpHeadersFilter {

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        HttpHeaders output = new HttpHeaders();
        for (String name : input.headerNames()) {
            if (!isForwarding(name)) {
                output.put(name, input.get(name));
            }
        }
        output.set("X-Forwarded-For", RequestIdFilter.clientAddress(exchange));
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

    /** Drops Keycloak's CORS answer from proxied responses. */
    static final class UpstreamCors implements HttpHeadersFilter {

        @Override
        public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
            HttpHeaders output = new HttpHeaders();
            for (String name : input.headerNames()) {
                if (!name.toLowerCase(Locale.ROOT).startsWith("access-control-")) {
                    output.put(name, input.get(name));
                }
            }
            return output;
        }

        @Override
        public boolean supports(Type type) {
            return type == Type.RESPONSE;
        }
    }
}
