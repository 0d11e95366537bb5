package uz.coffeeshop.gateway.ratelimit;

import java.util.concurrent.CompletableFuture;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import uz.coffeeshop.gateway.door.ApiRules;
import uz.coffeeshop.gateway.door.DoorContext;
import uz.coffeeshop.gateway.door.Problems;

/**
 * The API table's limit for each request: per client IP for sign-up and resend, per user for everything with a
 * token. Decided in this gateway's memory ({@link Buckets}); a refusal is a 429 problem with {@code Retry-After}.
 * No call waits for a limit store, so none is refused because one is away.
 */
final class RateLimitFilter implements GlobalFilter, Ordered {

    private final Buckets perClientIp;
    private final Buckets perUser;

    RateLimitFilter(Buckets perClientIp, Buckets perUser) {
        this.perClientIp = perClientIp;
        this.perUser = perUser;
    }

    @Override
    public int getOrder() {
        // Before the route's own filters and the forwarding: a refused request never reaches Keycloak.
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        DoorContext door = DoorContext.of(exchange);
        ApiRules.Rule rule = door == null ? null : door.rule();
        if (rule == null || rule.limit() == ApiRules.Limit.NONE) {
            return chain.filter(exchange);
        }
        boolean perIp = rule.limit() == ApiRules.Limit.PER_CLIENT_IP || door.subject() == null;
        Buckets buckets = perIp ? perClientIp : perUser;
        CompletableFuture<TokenBucket> bucket =
                buckets.bucket(perIp ? door.client().limitKey() : door.subject());
        if (bucket.isDone()) {
            // The usual case: a key in use. Decided here, on this thread, without a Mono of its own.
            return decide(bucket.join(), buckets, exchange, chain);
        }
        return Mono.fromFuture(bucket).flatMap(ready -> decide(ready, buckets, exchange, chain));
    }

    private static Mono<Void> decide(
            TokenBucket bucket, Buckets buckets, ServerWebExchange exchange, GatewayFilterChain chain) {
        if (bucket.tryTake(System.nanoTime())) {
            return chain.filter(exchange);
        }
        long retryAfter = buckets.limit().retryAfterSeconds();
        return Problems.write(
                exchange,
                HttpStatus.TOO_MANY_REQUESTS,
                "rate-limited",
                "Too many requests; try again in " + retryAfter + " s.",
                headers -> headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter)));
    }
}
