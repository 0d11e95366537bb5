package uz.coffeeshop.keycloak.cleanup;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one thread of a node that removes users, at Java's lowest priority; the scheduled tick and a manual run hand
 * their run to it and wait for the report. A removal keeps a core busy (this thread, then PostgreSQL's backend), and
 * on a small machine a login that shares the cores with it waits. With the JVM options the shipped configurations set
 * ({@code -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19}, see docs/cleanup.md) Linux runs this thread
 * at nice 19, so a login takes the core from it at once, and its database backend idles meanwhile for want of
 * queries. Without them the priority is a hint the JVM ignores.
 *
 * <p>A thread of its own because an unprivileged process may lower a thread's OS priority but never raise it again:
 * Keycloak's timer thread or an HTTP worker would stay at nice 19 after the run. Keycloak's {@code ExecutorsProvider}
 * lacks the part: its pools make their threads themselves, at normal priority, and reuse them for other work.
 */
final class CleanupThread implements AutoCloseable {

    static final String NAME = "coffee-cleanup";

    private final ExecutorService executor = Executors.newSingleThreadExecutor(work -> {
        Thread thread = new Thread(work, NAME);
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        return thread;
    });

    /**
     * Runs {@code run} on the cleanup thread and returns its report. Interrupting the caller (the server stops)
     * interrupts the run, which ends incomplete.
     */
    CleanupReport run(Callable<CleanupReport> run) {
        Future<CleanupReport> report = executor.submit(run);
        try {
            return report.get();
        } catch (InterruptedException e) {
            report.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the cleanup run was interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure
                    ? failure
                    : new IllegalStateException("the cleanup run failed", e.getCause());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
