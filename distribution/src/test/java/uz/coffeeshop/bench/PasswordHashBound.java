package uz.coffeeshop.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * What a sign-up can never beat: one password hash (every sign-up stores one). Measured in this JVM, on the same
 * cores, with BouncyCastle's Argon2 (the implementation Keycloak's argon2 provider uses) at Keycloak's default
 * parameters, which the coffee-shop realm keeps (its password policy sets no {@code hashAlgorithm}): argon2id,
 * version 1.3, 7168 KiB, 5 iterations, parallelism 1, 32-byte hash, 16-byte salt.
 *
 * <p>In-process rather than timing password-grant logins: a login adds token signing, a user session and HTTP, so
 * it would inflate the bound by exactly the overhead the benchmark wants to show.
 */
final class PasswordHashBound {

    static final int MEMORY_KIB = 7168;
    static final int ITERATIONS = 5;
    static final int PARALLELISM = 1;
    static final int HASH_LENGTH = 32;

    private PasswordHashBound() {}

    record Bound(double hashesPerSecond, double singleHashMillis, int threads) {}

    /** The higher throughput and the shorter single hash of two measurements. */
    static Bound best(Bound a, Bound b) {
        return new Bound(
                Math.max(a.hashesPerSecond(), b.hashesPerSecond()),
                Math.min(a.singleHashMillis(), b.singleHashMillis()),
                a.threads());
    }

    static Bound measure(int threads, long budgetMillis) throws Exception {
        for (int i = 0; i < 3; i++) {
            hash(); // JIT warm-up
        }
        List<Double> singles = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            long start = System.nanoTime();
            hash();
            singles.add((System.nanoTime() - start) / 1e6);
        }
        singles.sort(Double::compare);
        double median = singles.get(singles.size() / 2);

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong done = new AtomicLong();
        long started = System.nanoTime();
        long deadline = started + budgetMillis * 1_000_000;
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        hash();
                        done.incrementAndGet();
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Bound(done.get() / seconds, median, threads);
    }

    private static byte[] hash() {
        byte[] salt = new byte[16];
        ThreadLocalRandom.current().nextBytes(salt);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(MEMORY_KIB)
                .withIterations(ITERATIONS)
                .withParallelism(PARALLELISM)
                .withSalt(salt)
                .build());
        byte[] out = new byte[HASH_LENGTH];
        generator.generateBytes("a long enough password".toCharArray(), out);
        return out;
    }
}
