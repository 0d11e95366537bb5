package uz.coffeeshop.gateway.observability;

import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import uz.coffeeshop.gateway.ratelimit.ClientAddressResolver;

/**
 * First thing on every request: a request id (the caller's {@code X-Request-Id} when it is a sane token, a fresh
 * UUID otherwise) that goes to Keycloak, back to the caller, into problem bodies and into the access log; the
 * client's address as the trusted-proxy rules see it; the response's security headers; and one structured access
 * log line when the exchange ends.
 */
public final class RequestIdFilter implements WebFilter, Ordered {

    public static final String HEADER = "X-Request-Id";
    public static final String REQUEST_ID = RequestIdFilter.class.getName() + ".requestId";
    public static final String CLIENT_ADDRESS = RequestIdFilter.class.getName() + ".clientAddress";
    public static final String SUBJECT = RequestIdFilter.class.getName() + ".subject";

    private static final Logger ACCESS = LoggerFactory.getLogger("uz.coffeeshop.gateway.access");
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final ClientAddressResolver clientAddresses;
    private final boolean accessLog;

    public RequestIdFilter(ClientAddressResolver clientAddresses, boolean accessLog) {
        this.clientAddresses = clientAddresses;
        this.accessLog = accessLog;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long started = System.nanoTime();
        ServerHttpRequest request = exchange.getRequest();
        String offered = request.getHeaders().getFirst(HEADER);
        String requestId = offered != null && SANE.matcher(offered).matches()
                ? offered
                : UUID.randomUUID().toString();
        String client = clientAddresses.resolve(
                request.getRemoteAddress(), request.getHeaders().get("X-Forwarded-For"));
        exchange.getAttributes().put(REQUEST_ID, requestId);
        exchange.getAttributes().put(CLIENT_ADDRESS, client);

        ServerWebExchange withId = exchange.mutate()
                .request(builder -> builder.headers(headers -> headers.set(HEADER, requestId)))
                .build();
        withId.getResponse().beforeCommit(() -> {
            SecurityHeaders.apply(withId.getResponse().getHeaders(), request);
            withId.getResponse().getHeaders().set(HEADER, requestId);
            return Mono.empty();
        });
        Mono<Void> handled = chain.filter(withId);
        if (!accessLog) {
            return handled;
        }
        return handled.doFinally(signal -> log(withId, requestId, client, started));
    }

    private static void log(ServerWebExchange exchange, String requestId, String client, long started) {
        if (!ACCESS.isInfoEnabled()) {
            return;
        }
        var status = exchange.getResponse().getStatusCode();
        ServerHttpRequest request = exchange.getRequest();
        Object subject = exchange.getAttribute(SUBJECT);
        ACCESS.atInfo()
                .addKeyValue("requestId", requestId)
                .addKeyValue("method", request.getMethod().name())
                .addKeyValue("path", request.getPath().value())
                .addKeyValue("status", status == null ? 0 : status.value())
                .addKeyValue("durationMicros", (System.nanoTime() - started) / 1000)
                .addKeyValue("client", client)
                .addKeyValue("subject", subject == null ? "-" : subject.toString())
                .log(
                        "{} {} {}",
                        request.getMethod().name(),
                        request.getPath().value(),
                        status == null ? 0 : status.value());
    }

    /** The request id of this exchange, or {@code null} before this filter ran. */
    public static String requestId(ServerWebExchange exchange) {
        return exchange.getAttribute(REQUEST_ID);
    }

    /** The client's address as resolved by the trusted-proxy rules. */
    public static String clientAddress(ServerWebExchange exchange) {
        String address = exchange.getAttribute(CLIENT_ADDRESS);
        return address != null ? address : "unknown";
    }

    /** Headers a JSON API should always send; set (not added) so Keycloak's copies are not doubled. */
    static final class SecurityHeaders {

        private SecurityHeaders() {}

        static void apply(HttpHeaders headers, ServerHttpRequest request) {
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
            headers.set("Cross-Origin-Resource-Policy", "same-site");
            if (!headers.containsHeader(HttpHeaders.CACHE_CONTROL)) {
                headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
            }
            if (request.getSslInfo() != null) {
                headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
            }
        }
    }
}
