package uz.coffeeshop.gateway.door;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * First thing on every request, in named parts: the {@link RequestIds request id} and the
 * {@link ClientAddressResolver client's address} go into the request's {@link DoorContext}; the response gets the
 * {@link SecurityHeaders security headers} and the request id; the {@link AccessLog access line} is written when
 * the exchange ends. The request id reaches Keycloak through the forwarded headers (routing/), so the request is
 * not rebuilt here.
 */
final class FrontDoorFilter implements WebFilter, Ordered {

    private final ClientAddressResolver clientAddresses;
    private final boolean accessLog;

    FrontDoorFilter(ClientAddressResolver clientAddresses, boolean accessLog) {
        this.clientAddresses = clientAddresses;
        this.accessLog = accessLog;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        var headers = request.getHeaders();
        DoorContext context = DoorContext.open(
                exchange,
                RequestIds.accept(headers.getFirst(RequestIds.HEADER)),
                clientAddresses.resolve(request.getRemoteAddress(), headers.get("X-Forwarded-For")));
        ServerHttpResponse response = exchange.getResponse();
        response.beforeCommit(() -> {
            SecurityHeaders.apply(response.getHeaders(), request);
            response.getHeaders().set(RequestIds.HEADER, context.requestId());
            return Mono.empty();
        });
        Mono<Void> handled = chain.filter(exchange);
        return accessLog ? handled.doFinally(signal -> AccessLog.write(exchange, context)) : handled;
    }
}
