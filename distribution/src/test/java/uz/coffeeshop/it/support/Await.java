package uz.coffeeshop.it.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for an event the test can observe (a row, a mail, a metric, a port, a health check), bounded, instead of
 * sleeping a fixed time: the suite's one waiting loop.
 */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(250);

    private Await() {}

    /** Returns as soon as {@code condition} holds; fails naming {@code what} once {@code timeout} has passed. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(
                condition::getAsBoolean,
                Boolean::booleanValue,
                POLL,
                timeout,
                last -> new AssertionError("not within " + timeout + ": " + what));
    }

    /** Asks every {@code every} until the answer is the one awaited; fails with the last answer after the timeout. */
    public static <T> T until(Supplier<T> ask, Predicate<? super T> done, Duration every, Duration timeout) {
        return until(ask, done, every, timeout, last -> new AssertionError("still " + last + " after " + timeout));
    }

    /**
     * Asks every {@code every} until the answer is the one awaited and returns it; after {@code timeout} throws what
     * {@code failure} makes of the last answer (an assertion in a test, an {@link IllegalStateException} with the
     * server's log where a server does not come up). An exception of {@code ask} ends the wait at once.
     */
    public static <T, X extends Throwable> T until(
            Supplier<T> ask,
            Predicate<? super T> done,
            Duration every,
            Duration timeout,
            Function<? super T, X> failure)
            throws X {
        Instant giveUp = Instant.now().plus(timeout);
        while (true) {
            T answer = ask.get();
            if (done.test(answer)) {
                return answer;
            }
            if (Instant.now().isAfter(giveUp)) {
                throw failure.apply(answer);
            }
            pause(every);
        }
    }

    /** The pause between two questions: the suite's one sleep, always bounded by the wait's timeout. */
    private static void pause(Duration every) {
        try {
            Thread.sleep(every.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
