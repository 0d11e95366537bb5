package uz.coffeeshop.gateway.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Rate limits ({@code coffee.rate-limit.*} in application.yml, env names in the README). Token buckets in the
 * gateway's memory; with a Redis configured, shared by every gateway on it through a background sync.
 *
 * @param keyPrefix prefix of the buckets' Redis keys, so several deployments (or test runs) can share one Redis
 * @param perClientIp sign-up and resend of the verification e-mail, per client IP (an IPv6 client by its /64)
 * @param perUser every call with a token, per user (the token's subject)
 * @param maxKeys how many buckets each limit keeps in memory; the least recently used go first
 * @param syncInterval how often the buckets used since the last sync are reconciled with Redis
 * @param redis where the shared buckets live; no host: none, every gateway limits on its own
 */
@ConfigurationProperties("coffee.rate-limit")
public record RateLimitProperties(
        String keyPrefix, Bucket perClientIp, Bucket perUser, int maxKeys, Duration syncInterval, Redis redis) {

    public RateLimitProperties {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("coffee.rate-limit.max-keys must be >= 1");
        }
        if (syncInterval == null || syncInterval.toMillis() < 10) {
            throw new IllegalArgumentException("coffee.rate-limit.sync-interval must be at least 10ms");
        }
        redis = redis == null ? new Redis(null, 6379, 0, null, Duration.ofMillis(500)) : redis;
    }

    /**
     * @param perMinute requests per minute, sustained
     * @param burst the bucket's size: this many requests may come at once
     */
    public record Bucket(int perMinute, long burst) {

        public Bucket {
            if (perMinute < 1 || burst < 1) {
                throw new IllegalArgumentException("a rate limit needs per-minute >= 1 and burst >= 1");
            }
        }

        double refillPerNano() {
            return perMinute / (double) Duration.ofMinutes(1).toNanos();
        }

        /** How long an empty bucket takes to fill up: after that a bucket is as good as new and may be forgotten. */
        Duration timeToFull() {
            return Duration.ofNanos((long) Math.ceil(burst / refillPerNano()));
        }

        /** Seconds until one more request is allowed in an empty bucket, rounded up; at least 1. */
        long retryAfterSeconds() {
            return Math.max(1, (long) Math.ceil(60.0 / perMinute));
        }
    }

    /**
     * @param host Redis host; empty: no Redis
     * @param timeout the longest a sync or a first look at a key waits for Redis (never on an event loop)
     */
    public record Redis(String host, int port, int database, String password, Duration timeout) {}
}
