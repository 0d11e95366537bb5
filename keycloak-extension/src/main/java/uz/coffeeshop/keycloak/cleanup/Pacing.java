package uz.coffeeshop.keycloak.cleanup;

import java.util.concurrent.TimeUnit;

/**
 * Keeps a worker busy at most {@code busyPercent} of its time: after a batch that took t, it pauses t × (100 − p) / p
 * before it takes the next. Why: on a small machine a run's workers and the database they keep busy take the cores
 * that password hashing (argon2) needs, and logins during a run slow down several times; a run has no deadline
 * closer than its interval, logins have a user waiting. The pause follows the batch's own time, so it adapts to a
 * loaded database (slower batches, longer pauses) without a rate to tune.
 */
record Pacing(int busyPercent) {

    /** Runs the batch, then pauses as its time asks; an interrupted pause ends early and keeps the interrupt. */
    void run(Runnable batch) {
        long started = System.nanoTime();
        batch.run();
        if (busyPercent >= 100) {
            return;
        }
        long took = System.nanoTime() - started;
        try {
            TimeUnit.NANOSECONDS.sleep(pause(took));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long pause(long tookNanos) {
        return tookNanos * (100 - busyPercent) / busyPercent;
    }
}
