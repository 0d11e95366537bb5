package uz.coffeeshop.keycloak.cleanup;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The threads of one cleanup run. {@link #submit} waits while every worker is busy, so the reader is never more
 * than one page ahead and memory stays bounded; {@link #close} waits for the batches in flight, so the run's report
 * is written after the last of them.
 */
final class CleanupWorkers implements AutoCloseable {

    private final int count;
    private final ExecutorService threads;
    private final Semaphore idle;
    private final AtomicReference<RuntimeException> escaped = new AtomicReference<>();

    CleanupWorkers(int count, String realmName) {
        this.count = count;
        this.idle = new Semaphore(count);
        AtomicInteger number = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(count, work -> {
            Thread thread = new Thread(work, "coffee-cleanup-" + realmName + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs the batch on the next idle worker, waiting for one if need be. */
    void submit(Runnable batch) {
        idle.acquireUninterruptibly();
        try {
            threads.execute(() -> {
                try {
                    batch.run();
                } catch (RuntimeException e) {
                    escaped.compareAndSet(null, e);
                } finally {
                    idle.release();
                }
            });
        } catch (RejectedExecutionException e) {
            idle.release();
            throw e;
        }
    }

    /** Waits until every batch submitted has ended; rethrows the first failure a batch let escape. */
    void awaitAll() {
        idle.acquireUninterruptibly(count);
        idle.release(count);
        RuntimeException failure = escaped.get();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        threads.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (threads.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
