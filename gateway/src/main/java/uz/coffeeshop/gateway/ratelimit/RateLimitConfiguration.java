package uz.coffeeshop.gateway.ratelimit;

import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The two buckets and how the gateway talks to Redis. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    /** Static: a post-processor must exist before the beans it changes are created. */
    @Bean
    static StaticRateLimiterScript staticRateLimiterScript() {
        return new StaticRateLimiterScript();
    }

    @Bean
    RateLimitFilter rateLimitFilter(RateLimitProperties properties, ApplicationContext context) {
        return new RateLimitFilter(
                limiter(properties.perClientIp(), context), limiter(properties.perUser(), context), properties);
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
