package uz.coffeeshop.keycloak.limits;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * A count of calls per fixed window in Keycloak's single-use object store, which Infinispan replicates to every node
 * (the store Keycloak's own action tokens and revoked tokens use): no new server, and one count for the cluster.
 *
 * <p>The store has no atomic increment, but {@code putIfAbsent} is atomic cluster-wide: a quota of {@code n} is
 * {@code n} slot keys per window, and a call is allowed when it takes a free slot. Every slot of a window expires at
 * the window's end, so the taken slots are always 0..k-1 and a binary search over {@code contains} finds the first
 * free one in O(log n) steps; a slot lost to a concurrent call just moves the search on by one.
 */
final class WindowSlots {

    private final SingleUseObjectProvider store;

    WindowSlots(SingleUseObjectProvider store) {
        this.store = store;
    }

    /** Takes a slot of {@code key}'s window starting at {@code windowStart}; false when all {@code quota} are taken. */
    boolean take(String key, int quota, long windowIndex, long secondsLeft) {
        String prefix = key + "." + windowIndex + ".";
        int low = 0;
        int high = quota;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (store.contains(prefix + middle)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        // Keycloak's store counts lifespans in whole seconds; one more so that a slot never dies before its window.
        for (int slot = low; slot < quota; slot++) {
            if (store.putIfAbsent(prefix + slot, secondsLeft + 1)) {
                return true;
            }
        }
        return false;
    }
}
