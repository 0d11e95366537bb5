package uz.coffeeshop.gateway.ratelimit;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
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
    private final int maxBodyBytes;

    RateLimitFilter(RateLimiter limits, long maxBodyBytes) {
        this.limits = limits;
        this.maxBodyBytes = (int) Math.min(Integer.MAX_VALUE, maxBodyBytes);
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
            return refusal == null ? chain.filter(exchange) : refuse(exchange, refusal);
        }
        return Mono.fromFuture(verdict.thenApply(Optional::ofNullable))
                .flatMap(refusal -> refusal.isPresent() ? refuse(exchange, refusal.get()) : chain.filter(exchange));
    }

    /**
     * The 429, once the rest of a body already on its way was read and dropped. Answering and closing while the
     * caller is still sending makes the kernel reset the connection, and the reset can overtake the answer (RFC 9112
     * section 9.6); Reactor Netty closes at once rather than lingering. The read is bounded by
     * {@code GATEWAY_MAX_BODY_SIZE} (past it the connection is closed as before), and a caller who asked for
     * {@code 100-continue} has sent nothing and is not invited to.
     */
    private Mono<Void> refuse(ServerWebExchange exchange, Problem refusal) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        boolean bodyOnItsWay = (headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING))
                && !"100-continue".equalsIgnoreCase(headers.getFirst(HttpHeaders.EXPECT));
        if (!bodyOnItsWay) {
            return ProblemAnswers.write(exchange, refusal);
        }
        return DataBufferUtils.join(exchange.getRequest().getBody(), maxBodyBytes)
                .doOnNext(DataBufferUtils::release)
                .onErrorResume(DataBufferLimitException.class, tooLarge -> Mono.empty())
                .then(Mono.defer(() -> ProblemAnswers.write(exchange, refusal)));
    }
}
