package uz.coffeeshop.keycloak.limits;

/** The answer of a limit check: allowed, or refused until {@code retryAfterSeconds} have passed. */
public record LimitVerdict(boolean allowed, long retryAfterSeconds) {

    static final LimitVerdict ALLOWED = new LimitVerdict(true, 0);

    static LimitVerdict refusedFor(long seconds) {
        return new LimitVerdict(false, Math.max(1, seconds));
    }

    /** The wait in whole minutes, at least one, for the form's "try again in N minutes". */
    public long retryAfterMinutes() {
        return Math.max(1, (retryAfterSeconds + 59) / 60);
    }
}
