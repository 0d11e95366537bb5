package uz.coffeeshop.keycloak.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacingTest {

    @Test
    void halfBusyPausesAsLongAsTheBatchTook() {
        assertThat(new Pacing(50).pause(80_000_000L)).isEqualTo(80_000_000L);
    }

    @Test
    void aQuarterBusyPausesThreeTimesTheBatch() {
        assertThat(new Pacing(25).pause(10L)).isEqualTo(30L);
    }

    @Test
    void fullyBusyNeverPauses() {
        assertThat(new Pacing(100).pause(1_000_000_000L)).isZero();
    }

    @Test
    void theBatchRunsOnceWhateverThePace() {
        int[] runs = {0};
        new Pacing(100).run(() -> runs[0]++);
        new Pacing(99).run(() -> runs[0]++);
        assertThat(runs[0]).isEqualTo(2);
    }
}
