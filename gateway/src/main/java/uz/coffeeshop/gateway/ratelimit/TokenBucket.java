package uz.coffeeshop.gateway.ratelimit;

/**
 * One key's token bucket in this gateway's memory. A call takes a token when there is one; tokens come back at
 * the limit's rate up to its burst. It also counts the tokens taken since its last sync, which the sync reports to
 * the shared bucket in Redis, and it adopts the shared bucket's answer minus what was taken meanwhile. A monitor
 * rather than atomics: the critical sections are a few arithmetic operations and a call holds it for
 * nanoseconds.
 */
final class TokenBucket {

    private final double capacity;
    private final double refillPerNano;
    private double tokens;
    private long refilledAt;
    private long unsynced;

    TokenBucket(RateLimitProperties.Bucket limit, double tokens, long now) {
        this.capacity = limit.burst();
        this.refillPerNano = limit.refillPerNano();
        this.tokens = Math.min(capacity, tokens);
        this.refilledAt = now;
    }

    synchronized boolean tryTake(long now) {
        refill(now);
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        unsynced++;
        return true;
    }

    /** The tokens taken since the last call of this, for the sync to report. */
    synchronized long takeUnsynced() {
        long taken = unsynced;
        unsynced = 0;
        return taken;
    }

    /** A report that did not reach Redis: counted again at the next sync. */
    synchronized void returnUnsynced(long taken) {
        unsynced += taken;
    }

    /**
     * The shared bucket's tokens after our last report: what every gateway left. Calls taken here after that
     * report are not in it yet and come off.
     */
    synchronized void adopt(double shared, long now) {
        tokens = Math.min(capacity, shared - unsynced);
        refilledAt = now;
    }

    synchronized boolean hasUnsynced() {
        return unsynced > 0;
    }

    private void refill(long now) {
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * refillPerNano);
            refilledAt = now;
        }
    }
}
