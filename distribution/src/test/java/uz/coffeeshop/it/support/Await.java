package uz.coffeeshop.it.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waits for an event the test can observe (a row, a mail, a metric), bounded, instead of sleeping a fixed time. */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(250);

    private Await() {}

    /** Returns as soon as {@code condition} holds; fails naming {@code what} once {@code timeout} has passed. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            ServerProcess.sleep(POLL);
        }
    }
}
