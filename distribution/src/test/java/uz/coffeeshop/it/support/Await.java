package uz.coffeeshop.it.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for an event the test can observe (a row, a mail, a metric), bounded, instead of sleeping a fixed time. */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(250);

    private Await() {}

    /** Returns as soon as {@code condition} holds; fails naming {@code what} once {@code timeout} has passed. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(condition::getAsBoolean, Boolean::booleanValue, POLL, timeout, "not within " + timeout + ": " + what);
    }

    /** Asks every {@code every} until the answer is the one awaited; fails with the last answer after the timeout. */
    public static <T> T until(Supplier<T> ask, Predicate<T> done, Duration every, Duration timeout) {
        return until(ask, done, every, timeout, null);
    }

    private static <T> T until(Supplier<T> ask, Predicate<T> done, Duration every, Duration timeout, String failure) {
        Instant giveUp = Instant.now().plus(timeout);
        while (true) {
            T answer = ask.get();
            if (done.test(answer)) {
                return answer;
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError(failure != null ? failure : "still " + answer + " after " + timeout);
            }
            ServerProcess.sleep(every);
        }
    }
}
