package uz.coffeeshop.keycloak.cleanup;

import java.time.Duration;
import org.keycloak.models.KeycloakSession;

/**
 * One scheduled run per interval for the whole cluster. Keycloak's {@code ClusterAwareScheduledTaskRunner} only keeps
 * two nodes from running the task at the same time: its cluster lock is given back when the task ends, and every
 * node's timer fires once per interval, so a cluster of n nodes would run the cleanup n times per interval. The tick
 * is claimed in Keycloak's single-use object store ({@code putIfAbsent} is atomic across the cluster) for a little
 * less than one interval; the node that finds the claim taken skips its tick.
 */
final class ClusterTick {

    private static final String KEY = "coffee-cleanup-tick";

    private ClusterTick() {}

    /** Whether this node's tick is the cluster's one for the interval now starting. */
    static boolean claim(KeycloakSession session, Duration interval) {
        return session.singleUseObjects().putIfAbsent(KEY, claimSeconds(interval));
    }

    /**
     * One interval less a tenth (at least a second) for the timers' drift, so that the claim of the node whose timer
     * fires first has lapsed again when that timer fires next.
     */
    static long claimSeconds(Duration interval) {
        long seconds = interval.toSeconds();
        return Math.max(1, seconds - Math.max(1, seconds / 10));
    }
}
