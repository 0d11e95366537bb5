package uz.coffeeshop.gateway.ratelimit;

import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import uz.coffeeshop.gateway.door.ApiRules;
import uz.coffeeshop.gateway.door.DoorContext;
import uz.coffeeshop.gateway.door.Problem;

/**
 * The API table's limit for each request: per client IP for sign-up and resend, per user for everything with a
 * token. Decided in this gateway's memory ({@link Buckets}); a refusal is a 429 problem with {@code Retry-After}.
 * No call waits for a limit store, so none is refused because one is away.
 */
public final class RateLimiter {

    /** Let through. */
    private static final CompletableFuture<Problem> PASS = CompletableFuture.completedFuture(null);

    private final Buckets perClientIp;
    private final Buckets perUser;

    RateLimiter(Buckets perClientIp, Buckets perUser) {
        this.perClientIp = perClientIp;
        this.perUser = perUser;
    }

    /**
     * {@code null} in the future when the request may go on, else its 429. Done at once for a key in use (the usual
     * case) and always without a store; a key's first call with a shared store completes when the shared bucket
     * answered.
     */
    public CompletableFuture<Problem> admit(DoorContext door) {
        ApiRules.Rule rule = door.rule();
        if (rule == null || rule.limit() == ApiRules.Limit.NONE) {
            return PASS;
        }
        boolean perIp = rule.limit() == ApiRules.Limit.PER_CLIENT_IP || door.subject() == null;
        Buckets buckets = perIp ? perClientIp : perUser;
        CompletableFuture<TokenBucket> bucket =
                buckets.bucket(perIp ? door.client().limitKey() : door.subject());
        if (bucket.isDone()) {
            return decide(bucket.join(), buckets);
        }
        return bucket.thenCompose(ready -> decide(ready, buckets));
    }

    private static CompletableFuture<Problem> decide(TokenBucket bucket, Buckets buckets) {
        if (bucket.tryTake(System.nanoTime())) {
            return PASS;
        }
        long retryAfter = buckets.limit().retryAfterSeconds();
        return CompletableFuture.completedFuture(new Problem(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "rate-limited",
                        "Too many requests; try again in " + retryAfter + " s.")
                .with("Retry-After", String.valueOf(retryAfter)));
    }
}
