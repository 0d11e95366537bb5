package uz.coffeeshop.gateway.door;

import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.unit.DataSize;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The door itself, before any token is looked at: a path must be canonical ({@link CanonicalPath}), must be in the
 * API table ({@link ApiRules}) or be the health endpoint, and a body must fit the limit. The matched rule goes into
 * the {@link DoorContext} for the security rules and the rate limiter, which therefore judge exactly the path that is
 * forwarded.
 */
final class PublicDoorFilter implements WebFilter, Ordered {

    private final long maxBodyBytes;
    private final int publicPort;

    PublicDoorFilter(DataSize maxBody, int publicPort) {
        this.maxBodyBytes = maxBody.toBytes();
        this.publicPort = publicPort;
    }

    @Override
    public int getOrder() {
        // After the request id and CORS, before Spring Security's chain (-100).
        return -200;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!onPublicPort(request)) {
            // The management port (actuator with prometheus) is bound to loopback and is not the API.
            return chain.filter(exchange);
        }
        String rawPath = request.getURI().getRawPath();
        if (!CanonicalPath.isCanonical(rawPath)) {
            return Problems.write(
                    exchange,
                    HttpStatus.BAD_REQUEST,
                    "non-canonical-path",
                    "The request path must be canonical: no dot segments, percent-encodings, empty segments, "
                            + "trailing slash or ';' parameters.");
        }
        if (isHealth(rawPath)) {
            return request.getMethod() == HttpMethod.GET
                    ? chain.filter(exchange)
                    : Problems.write(
                            exchange,
                            HttpStatus.METHOD_NOT_ALLOWED,
                            "method-not-allowed",
                            "Only GET is allowed here.",
                            headers -> headers.setAllow(java.util.Set.of(HttpMethod.GET)));
        }
        if (CorsUtils.isPreFlightRequest(request)) {
            // Answered by the CORS filter in front of us when the origin is allowed; refused here otherwise.
            return Problems.write(exchange, HttpStatus.FORBIDDEN, "cors", "This origin may not call the API.");
        }
        ApiRules.Decision decision = ApiRules.decide(request.getMethod(), rawPath);
        if (decision instanceof ApiRules.Allowed allowed) {
            DoorContext.of(exchange).admit(allowed.rule());
            return withBodyLimit(exchange, chain);
        }
        if (decision instanceof ApiRules.MethodNotAllowed notAllowed) {
            return Problems.write(
                    exchange,
                    HttpStatus.METHOD_NOT_ALLOWED,
                    "method-not-allowed",
                    request.getMethod().name() + " is not allowed on " + rawPath + "; allowed: "
                            + notAllowed.allowed().stream()
                                    .map(HttpMethod::name)
                                    .collect(Collectors.joining(", "))
                            + ".",
                    headers -> headers.setAllow(notAllowed.allowed()));
        }
        return Problems.write(exchange, HttpStatus.NOT_FOUND, "not-found", "There is no such API endpoint: " + rawPath);
    }

    /**
     * Refuses a body over the limit before anything is forwarded: by its {@code Content-Length} at once, and a
     * chunked body by reading at most the limit into memory first (API bodies are small JSON documents).
     */
    private Mono<Void> withBodyLimit(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = request.getHeaders();
        long length = headers.getContentLength();
        if (length > maxBodyBytes) {
            return tooLarge(exchange);
        }
        if (length >= 0 || !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            return chain.filter(exchange);
        }
        return DataBufferUtils.join(request.getBody(), (int) Math.min(Integer.MAX_VALUE, maxBodyBytes))
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(body -> {
                    ServerHttpRequest buffered = new ServerHttpRequestDecorator(request) {
                        @Override
                        public HttpHeaders getHeaders() {
                            HttpHeaders copy = new HttpHeaders();
                            copy.putAll(super.getHeaders());
                            copy.remove(HttpHeaders.TRANSFER_ENCODING);
                            copy.setContentLength(
                                    body.map(DataBuffer::readableByteCount).orElse(0));
                            return copy;
                        }

                        @Override
                        public Flux<DataBuffer> getBody() {
                            return Mono.justOrEmpty(body).flux();
                        }
                    };
                    return chain.filter(exchange.mutate().request(buffered).build());
                })
                .onErrorResume(DataBufferLimitException.class, e -> tooLarge(exchange));
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange) {
        return Problems.write(
                exchange,
                HttpStatus.CONTENT_TOO_LARGE,
                "body-too-large",
                "The request body is larger than " + maxBodyBytes + " bytes.",
                headers -> headers.set(HttpHeaders.CONNECTION, "close"));
    }

    private boolean onPublicPort(ServerHttpRequest request) {
        var local = request.getLocalAddress();
        return local == null || local.getPort() == publicPort || publicPort == 0;
    }

    /** Actuator's health, and its probes on the API port ({@code /livez}, {@code /readyz}). */
    private static boolean isHealth(String path) {
        return path.equals("/actuator/health")
                || path.startsWith("/actuator/health/")
                || path.equals("/livez")
                || path.equals("/readyz");
    }
}
