package uz.coffeeshop.gateway.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Rate limits ({@code coffee.rate-limit.*} in application.yml, env names in the README). Token buckets in Redis,
 * shared by every gateway instance on the same Redis.
 *
 * @param keyPrefix prefix of the buckets' Redis keys, so several deployments (or test runs) can share one Redis
 * @param perClientIp sign-up and resend of the verification e-mail, per client IP
 * @param perUser every call with a token, per user (the token's subject)
 */
@ConfigurationProperties("coffee.rate-limit")
public record RateLimitProperties(String keyPrefix, Bucket perClientIp, Bucket perUser) {

    /**
     * @param perMinute requests per minute, sustained
     * @param burst the bucket's size: this many requests may come at once
     */
    public record Bucket(int perMinute, long burst) {

        /**
         * Spring Cloud Gateway's limiter adds whole tokens per second; a rate per minute is expressed by making
         * each request cost {@value #TOKENS_PER_REQUEST} tokens while {@code perMinute} tokens come per second.
         */
        static final int TOKENS_PER_REQUEST = 60;

        public Bucket {
            if (perMinute < 1 || burst < 1) {
                throw new IllegalArgumentException("a rate limit needs per-minute >= 1 and burst >= 1");
            }
        }

        int tokensPerSecond() {
            return perMinute;
        }

        long capacityInTokens() {
            return Math.max(burst, 1) * TOKENS_PER_REQUEST;
        }

        /** Seconds until one more request is allowed in an empty bucket, rounded up; at least 1. */
        long retryAfterSeconds() {
            return Math.max(1, (long) Math.ceil(60.0 / perMinute));
        }
    }
}
