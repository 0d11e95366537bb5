package uz.coffeeshop.gateway.routing;

import java.util.Map;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import uz.coffeeshop.gateway.door.DoorContext;

/**
 * What Keycloak hears about the client, as a request {@link HttpHeadersFilter} of Spring Cloud Gateway's routing
 * filter: the forwarding headers a client sent ({@code Forwarded}, {@code X-Forwarded-*}, {@code X-Real-IP}) are
 * dropped, so nobody can make Keycloak believe another host, scheme or port (and so another issuer or realm URL);
 * {@code X-Forwarded-For} is set to the one address the trusted-proxy rules resolved ({@code door/ClientAddress}),
 * and {@code X-Request-Id} to the front door's request id. Gateway's own forwarded-header filters are switched off
 * (application.yml): they append the peer to whatever chain the client sent and trust proxies by a regular
 * expression, where this names one client, resolved by address ranges from the right. The host Keycloak sees is
 * {@code KEYCLOAK_URL}'s, and the hop-by-hop headers stay on the client's connection (RFC 9110, section 7.6.1), as
 * Gateway's routing filter and its hop-by-hop filter do.
 */
final class ForwardedHeaders implements HttpHeadersFilter, Ordered {

    static final String REQUEST_ID = "X-Request-Id";

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        return copy(input, DoorContext.of(exchange));
    }

    @Override
    public int getOrder() {
        // After Gateway's own filters (the hop-by-hop one included), so nothing of theirs is added after this.
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** The headers Keycloak gets, by the rules above; nothing else is added. */
    static HttpHeaders copy(HttpHeaders input, DoorContext door) {
        HttpHeaders output = new HttpHeaders();
        for (Map.Entry<String, java.util.List<String>> header : input.headerSet()) {
            String name = header.getKey();
            if (!isForwarding(name) && !isHopByHop(name) && !is(name, "host") && !is(name, REQUEST_ID)) {
                output.addAll(name, header.getValue());
            }
        }
        output.set("X-Forwarded-For", door.client().text());
        output.set(REQUEST_ID, door.requestId());
        return output;
    }

    private static boolean isForwarding(String name) {
        return is(name, "forwarded") || name.regionMatches(true, 0, "x-forwarded-", 0, 12) || is(name, "x-real-ip");
    }

    /** RFC 9110's connection-specific headers, and those of HTTP/1.1 proxies that are never forwarded. */
    private static boolean isHopByHop(String name) {
        return is(name, "connection")
                || is(name, "keep-alive")
                || is(name, "proxy-connection")
                || is(name, "proxy-authenticate")
                || is(name, "proxy-authorization")
                || is(name, "te")
                || is(name, "trailer")
                || is(name, "transfer-encoding")
                || is(name, "upgrade");
    }

    private static boolean is(String name, String other) {
        return name.equalsIgnoreCase(other);
    }
}
