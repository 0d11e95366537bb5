package uz.coffeeshop.gateway.door;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS for the configured web origins only. Spring's {@code CorsWebFilter} refuses with an empty 403; this one
 * uses the same processor and answers a refusal as problem+json like every other refusal of the door.
 */
final class CorsFilter implements WebFilter, Ordered {

    private final CorsConfigurationSource source;
    private final CorsProcessor processor = new DefaultCorsProcessor();

    CorsFilter(CorsConfigurationSource source) {
        this.source = source;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var config = source.getCorsConfiguration(exchange);
        if (!processor.process(config, exchange)) {
            return Problems.write(exchange, HttpStatus.FORBIDDEN, "cors", "This origin may not call the API.");
        }
        if (config != null && CorsUtils.isPreFlightRequest(exchange.getRequest())) {
            return exchange.getResponse().setComplete();
        }
        return chain.filter(exchange);
    }
}
