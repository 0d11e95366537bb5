package uz.coffeeshop.gateway.ratelimit;

/** Where the rate limits' buckets live right now, as the startup log, {@code /actuator/info} and metrics say. */
public enum RateLimitMode {
    /** No Redis configured: this gateway's memory, limits per instance (the embedded default). */
    IN_MEMORY("in-memory"),
    /** Buckets shared by every gateway on the configured Redis, local-first with a background sync. */
    SHARED("shared"),
    /** Redis configured but not answering: each gateway limits on its own until it does. */
    PER_INSTANCE_STORE_AWAY("per-instance (Redis unreachable)");

    private final String label;

    RateLimitMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
