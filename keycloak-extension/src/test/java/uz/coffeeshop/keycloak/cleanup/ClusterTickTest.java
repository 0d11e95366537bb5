package uz.coffeeshop.keycloak.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterTickTest {

    @Test
    void claimLastsOneIntervalLessATenthForTheTimersDrift() {
        assertThat(ClusterTick.claimSeconds(Duration.ofMinutes(15))).isEqualTo(810);
        assertThat(ClusterTick.claimSeconds(Duration.ofSeconds(15))).isEqualTo(14);
    }

    @Test
    void claimOfAShortIntervalLapsesAtLeastASecondBeforeTheNextTick() {
        assertThat(ClusterTick.claimSeconds(Duration.ofSeconds(2))).isEqualTo(1);
        assertThat(ClusterTick.claimSeconds(Duration.ofSeconds(5))).isEqualTo(4);
    }

    @Test
    void claimIsNeverShorterThanTheStoresOneSecond() {
        assertThat(ClusterTick.claimSeconds(Duration.ofSeconds(1))).isEqualTo(1);
    }
}
