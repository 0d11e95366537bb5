package uz.coffeeshop.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load, as proxy benchmarks measure it: requests leave at a fixed rate whether or not earlier ones were
 * answered, and each latency counts from when its request was due (so a stall shows in every request it delays,
 * rather than in one: no coordinated omission). At most {@value #MAX_IN_FLIGHT} requests are outstanding; a due
 * request that finds them all taken counts as an error.
 */
final class OpenLoop {

    static final int MAX_IN_FLIGHT = 512;

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /**
     * Latencies in microseconds, the calls that were due, those never sent (all in flight already: the side can't
     * keep this rate), and those that were not answered 200 (the dropped ones included).
     */
    record Result(Histogram micros, long calls, long dropped, long errors) {

        /** The calls that reached the side: what its CPU per call is divided by. */
        long sent() {
            return calls - dropped;
        }

        double percentileMillis(double percentile) {
            return micros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private OpenLoop() {}

    static Result run(URI uri, String token, int perSecond, Duration duration) throws InterruptedException {
        return run(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                perSecond,
                duration);
    }

    /** The same request (a password login's POST, say) sent at {@code perSecond} for {@code duration}. */
    static Result run(HttpRequest request, int perSecond, Duration duration) throws InterruptedException {
        return run(call -> request, perSecond, duration);
    }

    /** Call {@code i} sends {@code requests.apply(i)}: logins spread over several users, say. */
    static Result run(java.util.function.LongFunction<HttpRequest> requests, int perSecond, Duration duration)
            throws InterruptedException {
        URI uri = requests.apply(0).uri();
        Histogram micros = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        AtomicLong errors = new AtomicLong();
        long dropped = 0;
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long calls = duration.toNanos() / period;
        long start = System.nanoTime();
        for (long i = 0; i < calls; i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!inFlight.tryAcquire()) {
                dropped++;
                errors.incrementAndGet();
                continue;
            }
            CLIENT.sendAsync(requests.apply(i), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        long took = (System.nanoTime() - due) / 1000;
                        synchronized (micros) {
                            micros.recordValue(Math.min(took, micros.getHighestTrackableValue()));
                        }
                        if (failure != null || response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                        inFlight.release();
                    });
        }
        if (!inFlight.tryAcquire(MAX_IN_FLIGHT, 30, TimeUnit.SECONDS)) {
            throw new AssertionError("requests still unanswered 30 s after the open-loop run to " + uri);
        }
        return new Result(micros, calls, dropped, errors.get());
    }
}
