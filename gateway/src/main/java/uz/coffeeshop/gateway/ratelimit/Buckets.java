package uz.coffeeshop.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The buckets of one limit, one per key, in memory: bounded ({@code maxKeys}, least recently used out first) and
 * forgotten once unused long enough to be full again, so a forgotten key loses nothing. With a shared store, a key
 * seen for the first time starts from the shared bucket (one Redis command, off the event loop, then never again
 * while the key is in use); without one, or while it is away, it starts full.
 */
final class Buckets {

    private final String name;
    private final RateLimitProperties.Bucket limit;
    private final AsyncCache<String, TokenBucket> buckets;
    private final SharedBuckets shared;

    /** {@code shared}: {@code null} for buckets of this gateway alone. */
    Buckets(String name, RateLimitProperties.Bucket limit, int maxKeys, Duration syncInterval, SharedBuckets shared) {
        this.name = name;
        this.limit = limit;
        this.shared = shared;
        Duration keep = limit.timeToFull();
        Duration twoSyncs = syncInterval.multipliedBy(2);
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(keep.compareTo(twoSyncs) > 0 ? keep : twoSyncs)
                .buildAsync();
    }

    String name() {
        return name;
    }

    RateLimitProperties.Bucket limit() {
        return limit;
    }

    /** The key's bucket: at once when it is known or nothing is shared; else once the shared bucket answered. */
    CompletableFuture<TokenBucket> bucket(String key) {
        if (shared == null || !shared.available()) {
            return buckets.get(key, k -> new TokenBucket(limit, limit.burst(), System.nanoTime()));
        }
        return buckets.get(
                key,
                (k, executor) -> shared.firstLook(this, k)
                        .thenApply(tokens -> new TokenBucket(limit, tokens, System.nanoTime()))
                        .exceptionally(away -> new TokenBucket(limit, limit.burst(), System.nanoTime())));
    }

    /** Every bucket that is ready, for the sync. */
    void forEachReady(BiConsumer<String, TokenBucket> action) {
        buckets.asMap().forEach((key, future) -> {
            TokenBucket bucket = future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
            if (bucket != null) {
                action.accept(key, bucket);
            }
        });
    }
}
