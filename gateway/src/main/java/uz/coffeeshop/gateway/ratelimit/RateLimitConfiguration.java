package uz.coffeeshop.gateway.ratelimit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import java.time.Duration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The two buckets and how the gateway talks to Redis. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    RateLimitFilter rateLimitFilter(RateLimitProperties properties, ApplicationContext context) {
        return new RateLimitFilter(
                limiter(properties.perClientIp(), context), limiter(properties.perUser(), context), properties);
    }

    /**
     * Fail fast while Redis is away: Lettuce would otherwise queue commands during a reconnect and make every
     * request wait for the command timeout before the limiter's fallback applies.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer failFastWhileRedisIsAway() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(Duration.ofMillis(500))
                        .build());
    }

    /** Not a bean: Spring Cloud Gateway would otherwise also offer it to routes by name. */
    private static RedisRateLimiter limiter(RateLimitProperties.Bucket bucket, ApplicationContext context) {
        RedisRateLimiter limiter = new RedisRateLimiter(
                bucket.tokensPerSecond(), bucket.capacityInTokens(), RateLimitProperties.Bucket.TOKENS_PER_REQUEST);
        limiter.setIncludeHeaders(true);
        limiter.setApplicationContext(context);
        return limiter;
    }
}
