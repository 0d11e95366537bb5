package uz.coffeeshop.keycloak.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RealmRunLockTest {

    @Test
    void aRowWithATokenAndAnInstantHoldsALease() {
        CleanupStateEntity state = new CleanupStateEntity("realm-1");
        state.lockToken = "run-1/host:42";
        state.lockUntil = 1_700_000_000_000L;

        assertThat(RealmRunLock.Lease.of(state)).contains(new RealmRunLock.Lease("run-1/host:42", 1_700_000_000_000L));
    }

    @Test
    void aRowWithoutTokenOrInstantHoldsNone() {
        CleanupStateEntity free = new CleanupStateEntity("realm-1");
        CleanupStateEntity halfWritten = new CleanupStateEntity("realm-1");
        halfWritten.lockToken = "run-1/host:42";

        assertThat(RealmRunLock.Lease.of(free)).isEmpty();
        assertThat(RealmRunLock.Lease.of(halfWritten)).isEmpty();
    }

    @Test
    void aLeaseInTheFutureHoldsAndOneInThePastHasLapsed() {
        assertThat(new RealmRunLock.Lease("a/b", System.currentTimeMillis() + 60_000).lapsed())
                .isFalse();
        assertThat(new RealmRunLock.Lease("a/b", System.currentTimeMillis() - 1).lapsed())
                .isTrue();
    }
}
