package uz.coffeeshop.gateway.routing;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import uz.coffeeshop.gateway.door.ProblemAnswers;
import uz.coffeeshop.gateway.door.PublicDoor;

/**
 * A request's body, read whole up to {@code GATEWAY_MAX_BODY_SIZE} before it goes to Keycloak with a
 * {@code Content-Length} (as nginx buffers request bodies), so Keycloak never waits on a slow caller and a chunked
 * body over the limit is refused (413, the connection closed, its rest unread) before anything is forwarded; a
 * declared {@code Content-Length} over the limit was refused by the front door already. Reading it is also what
 * answers {@code Expect: 100-continue} (Reactor Netty sends it when the body is first asked for), so a caller hears
 * it only once the request passed the door, the token and the limit. Gateway's {@code RequestSize} filter judges
 * the declared length only, and its cache-body filter has no limit.
 */
final class BodyLimit implements GlobalFilter, Ordered {

    /** After the rate limit, before the routing filter. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    private final PublicDoor door;

    BodyLimit(PublicDoor door) {
        this.door = door;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = request.getHeaders();
        if (headers.getContentLength() <= 0 && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            return chain.filter(exchange);
        }
        int limit = (int) Math.min(Integer.MAX_VALUE, door.maxBodyBytes());
        return DataBufferUtils.join(request.getBody(), limit)
                .defaultIfEmpty(exchange.getResponse().bufferFactory().wrap(new byte[0]))
                .flatMap(body -> chain.filter(
                        exchange.mutate().request(new WholeBody(request, body)).build()))
                .onErrorResume(
                        DataBufferLimitException.class, tooLarge -> ProblemAnswers.write(exchange, door.tooLarge()));
    }

    /** The request with its body read whole: that body, and a {@code Content-Length} instead of chunks. */
    private static final class WholeBody extends ServerHttpRequestDecorator {

        private final DataBuffer body;
        private final HttpHeaders headers;

        WholeBody(ServerHttpRequest request, DataBuffer body) {
            super(request);
            this.body = body;
            this.headers = new HttpHeaders();
            this.headers.putAll(request.getHeaders());
            this.headers.remove(HttpHeaders.TRANSFER_ENCODING);
            this.headers.setContentLength(body.readableByteCount());
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.just(body);
        }
    }
}
