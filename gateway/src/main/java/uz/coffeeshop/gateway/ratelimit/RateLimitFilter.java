package uz.coffeeshop.gateway.ratelimit;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import uz.coffeeshop.gateway.door.DoorContext;
import uz.coffeeshop.gateway.door.Problem;
import uz.coffeeshop.gateway.door.ProblemAnswers;

/**
 * The rate limit of every routed call, first of the route's filters (the token was checked already, so the
 * subject is known): a global filter rather than Spring Cloud Gateway's {@code RequestRateLimiter}, whose refusal is
 * a 429 without a body (no problem+json) and whose {@code RateLimiter} contract answers through a {@code Mono} per
 * call, where this answers at once for a key in use ({@link RateLimiter}).
 */
final class RateLimitFilter implements GlobalFilter, Ordered {

    /** First of the global filters; the body is read only for calls the limit let through. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private final RateLimiter limits;

    RateLimitFilter(RateLimiter limits) {
        this.limits = limits;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        CompletableFuture<Problem> verdict = limits.admit(DoorContext.of(exchange));
        if (verdict.isDone()) {
            Problem refusal = verdict.join();
            return refusal == null ? chain.filter(exchange) : ProblemAnswers.write(exchange, refusal);
        }
        return Mono.fromFuture(verdict.thenApply(Optional::ofNullable))
                .flatMap(refusal ->
                        refusal.isPresent() ? ProblemAnswers.write(exchange, refusal.get()) : chain.filter(exchange));
    }
}
