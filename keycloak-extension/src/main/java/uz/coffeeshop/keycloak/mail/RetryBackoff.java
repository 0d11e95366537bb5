package uz.coffeeshop.keycloak.mail;

import java.time.Duration;

/** When a failed mail is tried again: {@code backoff × 2^(attempts-1)}, capped at {@code maxBackoff}. */
final class RetryBackoff {

    private RetryBackoff() {}

    static Duration after(int failedAttempts, Duration backoff, Duration maxBackoff) {
        if (failedAttempts < 1) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failedAttempts - 1, 30); // 2^30 × any sane backoff is past any sane cap
        long millis = backoff.toMillis() << doublings;
        if (millis < 0 || millis > maxBackoff.toMillis()) {
            return maxBackoff;
        }
        return Duration.ofMillis(millis);
    }
}
