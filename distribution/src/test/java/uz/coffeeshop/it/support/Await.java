package uz.coffeeshop.it.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Asks again until the answer is the one awaited, or fails with the last answer after the timeout. */
public final class Await {

    private Await() {}

    public static <T> T until(Supplier<T> ask, Predicate<T> done, Duration every, Duration timeout) {
        Instant giveUp = Instant.now().plus(timeout);
        while (true) {
            T answer = ask.get();
            if (done.test(answer)) {
                return answer;
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError("still " + answer + " after " + timeout);
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
