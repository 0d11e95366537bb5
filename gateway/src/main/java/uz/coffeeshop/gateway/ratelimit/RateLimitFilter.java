package uz.coffeeshop.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import uz.coffeeshop.gateway.observability.RequestIdFilter;
import uz.coffeeshop.gateway.problem.Problems;
import uz.coffeeshop.gateway.routing.ApiRules;
import uz.coffeeshop.gateway.routing.PublicDoorFilter;

/**
 * Spring Cloud Gateway's Redis token-bucket limiter, applied by the API table's rule: per client IP for sign-up
 * and resend, per user for everything with a token. A refusal is a 429 problem with {@code Retry-After}.
 *
 * <p>When Redis can't be reached, {@link RedisRateLimiter} lets the request through and reports {@code -1}
 * tokens left (it logs and allows, by design: see its {@code isAllowed}). We read that signal and choose per
 * bucket: sign-up and resend are refused with 503 (closed: they create accounts and send e-mail, the two things
 * an unlimited attacker wants), calls with a token go on with a warning (open: they are authenticated, and the
 * shop should not stop because its rate-limit store did).
 */
final class RateLimitFilter implements GlobalFilter, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitFilter.class);
    private static final long WARN_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    private final RateLimiter<?> perClientIp;
    private final RateLimiter<?> perUser;
    private final RateLimitProperties properties;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    RateLimitFilter(RateLimiter<?> perClientIp, RateLimiter<?> perUser, RateLimitProperties properties) {
        this.perClientIp = perClientIp;
        this.perUser = perUser;
        this.properties = properties;
    }

    @Override
    public int getOrder() {
        // Before the route's own filters and the forwarding: a refused request never reaches Keycloak.
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ApiRules.Rule rule = exchange.getAttribute(PublicDoorFilter.RULE);
        if (rule == null || rule.limit() == ApiRules.Limit.NONE) {
            return chain.filter(exchange);
        }
        boolean perIp = rule.limit() == ApiRules.Limit.PER_CLIENT_IP;
        Object subject = exchange.getAttribute(RequestIdFilter.SUBJECT);
        String key = perIp || subject == null ? "ip:" + RequestIdFilter.clientAddress(exchange) : "user:" + subject;
        String bucketName = properties.keyPrefix() + (perIp ? ".per-client-ip" : ".per-user");
        RateLimitProperties.Bucket bucket = perIp ? properties.perClientIp() : properties.perUser();
        return (perIp ? perClientIp : perUser).isAllowed(bucketName, key).flatMap(response -> {
            if (unavailable(response)) {
                if (perIp) {
                    LOG.warn("Rate limiter unavailable (Redis); refusing {} {} (fails closed)", rule.pattern(), key);
                    return Problems.write(
                            exchange,
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "rate-limiter-unavailable",
                            "Sign-up is paused for a moment; please try again shortly.",
                            headers -> headers.set(HttpHeaders.RETRY_AFTER, "30"));
                }
                warnNowAndThen();
                return chain.filter(exchange);
            }
            if (!response.isAllowed()) {
                return Problems.write(
                        exchange,
                        HttpStatus.TOO_MANY_REQUESTS,
                        "rate-limited",
                        "Too many requests; try again in " + bucket.retryAfterSeconds() + " s.",
                        headers -> headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(bucket.retryAfterSeconds())));
            }
            return chain.filter(exchange);
        });
    }

    /** {@link RedisRateLimiter}'s way of saying that it could not ask Redis: {@code -1} tokens remaining. */
    static boolean unavailable(RateLimiter.Response response) {
        return "-1".equals(response.getHeaders().get(RedisRateLimiter.REMAINING_HEADER));
    }

    private void warnNowAndThen() {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("Rate limiter unavailable (Redis); letting calls with a token through unlimited (fails open)");
        }
    }
}
