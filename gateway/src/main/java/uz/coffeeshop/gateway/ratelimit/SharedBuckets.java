package uz.coffeeshop.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local-first buckets shared through Redis. A call is decided by this gateway's own bucket; every
 * {@code sync-interval}, on a thread of its own, the tokens each bucket gave out since the last sync are reported
 * to the shared bucket (one script per key used, pipelined in one round), and each local bucket takes the shared
 * answer: what all gateways left. So no call waits for Redis, except a key's first call on this gateway, which
 * reads the shared bucket once (asynchronously; a full local bucket if Redis does not answer in time).
 *
 * <p>Overspend: between two syncs a gateway can give out at most what its bucket showed at the last sync plus
 * what refilled since, so N gateways let through at most {@code (N - 1) × (burst + rate × sync-interval)} calls
 * beyond the limit; the shared bucket then goes into debt and refuses until that is paid back, so the long-run
 * rate holds (README, "Rate limits").
 *
 * <p>Redis away: reports fail, the local buckets go on as per-instance limits, the unreported tokens are kept and
 * reported when Redis is back; a warning, {@code coffee_gateway_rate_limit_store_available} 0 and
 * {@code coffee_gateway_rate_limit_sync_failures_total} say so meanwhile.
 */
final class SharedBuckets implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedBuckets.class);

    private final RedisBucketStore store;
    private final List<Buckets> limits = new ArrayList<>();
    private final long intervalMillis;
    private final ScheduledExecutorService syncer;
    /** {@code null} until the first sync round: limits are per instance until Redis first answered. */
    private volatile Boolean answering;

    private final Counter failures;
    private final Counter reports;

    SharedBuckets(RedisBucketStore store, RateLimitProperties properties, MeterRegistry meters) {
        this.store = store;
        this.intervalMillis = properties.syncInterval().toMillis();
        this.syncer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rate-limit-sync");
            thread.setDaemon(true);
            return thread;
        });
        Gauge.builder("coffee.gateway.rate_limit.store.available", () -> available() ? 1 : 0)
                .description("1 while the shared rate-limit store (Redis) answers, 0 while limits are per instance")
                .register(meters);
        this.failures = Counter.builder("coffee.gateway.rate_limit.sync.failures")
                .description("syncs of the rate-limit buckets with Redis that failed")
                .register(meters);
        this.reports = Counter.builder("coffee.gateway.rate_limit.reports")
                .description("buckets reported to Redis and brought up to date from it")
                .register(meters);
    }

    void add(Buckets buckets) {
        limits.add(buckets);
    }

    /** Connects at start (waiting at most the timeout, so the first round finds Redis if it is there). */
    void start() {
        try {
            store.connect().get(store.timeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception notYet) {
            // The first sync round says so, and keeps trying.
        }
        syncer.scheduleWithFixedDelay(this::syncSafely, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    boolean available() {
        return Boolean.TRUE.equals(answering);
    }

    RateLimitMode mode() {
        return available() ? RateLimitMode.SHARED : RateLimitMode.PER_INSTANCE_STORE_AWAY;
    }

    String storeName() {
        return store.name();
    }

    /** The shared bucket's tokens for a key this gateway has not seen lately. */
    CompletableFuture<Double> firstLook(Buckets buckets, String key) {
        return store.report(buckets, key, 0);
    }

    private void syncSafely() {
        try {
            sync();
        } catch (RuntimeException e) {
            LOG.warn("Rate-limit sync failed unexpectedly", e);
        }
    }

    /** One round: every bucket with tokens given out since the last round reports them and adopts the answer. */
    void sync() {
        List<CompletableFuture<?>> round = new ArrayList<>();
        for (Buckets buckets : limits) {
            buckets.forEachReady((key, bucket) -> {
                long taken = bucket.takeUnsynced();
                if (taken == 0) {
                    return;
                }
                round.add(store.report(buckets, key, taken).whenComplete((tokens, error) -> {
                    if (error != null) {
                        bucket.returnUnsynced(taken);
                    } else {
                        bucket.adopt(tokens, System.nanoTime());
                        reports.increment();
                    }
                }));
            });
        }
        if (round.isEmpty() && (!available() || !store.connected())) {
            round.add(store.ping());
        }
        if (round.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(round.toArray(CompletableFuture[]::new))
                    .get(store.timeoutMillis() * 2, TimeUnit.MILLISECONDS);
            changeTo(true, null);
        } catch (Exception e) {
            failures.increment();
            changeTo(false, e);
        }
    }

    /** Only the sync thread calls this. */
    private void changeTo(boolean nowAnswering, Exception why) {
        Boolean before = answering;
        answering = nowAnswering;
        if (before == null || before != nowAnswering) {
            if (nowAnswering) {
                LOG.info("Rate limits: {} answers; buckets are shared", store.name());
            } else {
                LOG.warn(
                        "Rate limits: {} does not answer ({}); limiting per instance until it does",
                        store.name(),
                        why instanceof java.util.concurrent.ExecutionException ? why.getCause() : why);
            }
        }
        if (!nowAnswering) {
            store.connect();
        }
    }

    @Override
    public void close() {
        syncer.shutdownNow();
        store.close();
    }
}
