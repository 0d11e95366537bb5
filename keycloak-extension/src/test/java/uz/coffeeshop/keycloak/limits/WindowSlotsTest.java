package uz.coffeeshop.keycloak.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.SingleUseObjectProvider;

class WindowSlotsTest {

    /** The single-use store's semantics that the slots rely on, in memory (lifespans are not needed here). */
    private static final class MemoryStore implements SingleUseObjectProvider {
        final Map<String, Map<String, String>> entries = new HashMap<>();
        int lookups;

        @Override
        public void put(String key, long lifespanSeconds, Map<String, String> notes) {
            entries.put(key, notes);
        }

        @Override
        public Map<String, String> get(String key) {
            return entries.get(key);
        }

        @Override
        public Map<String, String> remove(String key) {
            return entries.remove(key);
        }

        @Override
        public boolean replace(String key, Map<String, String> notes) {
            return entries.replace(key, notes) != null;
        }

        @Override
        public boolean putIfAbsent(String key, long lifespanInSeconds) {
            lookups++;
            return entries.putIfAbsent(key, Map.of()) == null;
        }

        @Override
        public boolean contains(String key) {
            lookups++;
            return entries.containsKey(key);
        }

        @Override
        public void close() {}
    }

    @Test
    void allowsExactlyTheQuotaPerWindow() {
        WindowSlots slots = new WindowSlots(new MemoryStore());
        int allowed = 0;
        for (int i = 0; i < 40; i++) {
            if (slots.take("k", 20, 7, 100)) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(20);
    }

    @Test
    void aNewWindowStartsAFreshCount() {
        WindowSlots slots = new WindowSlots(new MemoryStore());
        for (int i = 0; i < 3; i++) {
            assertThat(slots.take("k", 3, 1, 100)).isTrue();
        }
        assertThat(slots.take("k", 3, 1, 100)).isFalse();
        assertThat(slots.take("k", 3, 2, 100)).isTrue();
    }

    @Test
    void keysDoNotShareACount() {
        WindowSlots slots = new WindowSlots(new MemoryStore());
        assertThat(slots.take("a", 1, 1, 100)).isTrue();
        assertThat(slots.take("a", 1, 1, 100)).isFalse();
        assertThat(slots.take("b", 1, 1, 100)).isTrue();
    }

    @Test
    void findsTheFreeSlotInLogarithmicallyManyLookups() {
        MemoryStore store = new MemoryStore();
        WindowSlots slots = new WindowSlots(store);
        for (int i = 0; i < 1000; i++) {
            slots.take("k", 100_000, 1, 100);
        }
        store.lookups = 0;
        assertThat(slots.take("k", 100_000, 1, 100)).isTrue();
        assertThat(store.lookups).isLessThanOrEqualTo(18);
    }
}
