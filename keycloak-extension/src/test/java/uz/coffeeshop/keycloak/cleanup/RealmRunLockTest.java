package uz.coffeeshop.keycloak.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RealmRunLockTest {

    @Test
    void aLeaseReadsBackAsWritten() {
        RealmRunLock.Lease lease = new RealmRunLock.Lease("run-1/host:42", 1_700_000_000_000L);

        assertThat(RealmRunLock.Lease.parse(lease.text())).isEqualTo(lease);
    }

    @Test
    void aLeaseInTheFutureHoldsAndOneInThePastHasLapsed() {
        assertThat(new RealmRunLock.Lease("a/b", System.currentTimeMillis() + 60_000).lapsed())
                .isFalse();
        assertThat(new RealmRunLock.Lease("a/b", System.currentTimeMillis() - 1).lapsed())
                .isTrue();
    }

    @Test
    void anUnreadableValueHasLapsed() {
        assertThat(RealmRunLock.Lease.parse("not a lease").lapsed()).isTrue();
        assertThat(RealmRunLock.Lease.parse("run@soon").lapsed()).isTrue();
    }
}
