package uz.coffeeshop.keycloak.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private static final Duration BASE = Duration.ofSeconds(5);
    private static final Duration CAP = Duration.ofMinutes(15);

    @Test
    void waitsTheBaseAfterTheFirstFailureAndDoublesAfterEachNext() {
        assertThat(RetryBackoff.after(1, BASE, CAP)).isEqualTo(Duration.ofSeconds(5));
        assertThat(RetryBackoff.after(2, BASE, CAP)).isEqualTo(Duration.ofSeconds(10));
        assertThat(RetryBackoff.after(5, BASE, CAP)).isEqualTo(Duration.ofSeconds(80));
    }

    @Test
    void neverWaitsLongerThanTheCap() {
        assertThat(RetryBackoff.after(9, BASE, CAP)).isEqualTo(CAP);
        assertThat(RetryBackoff.after(1000, BASE, CAP)).isEqualTo(CAP);
    }

    @Test
    void noFailureMeansNoWait() {
        assertThat(RetryBackoff.after(0, BASE, CAP)).isEqualTo(Duration.ZERO);
    }
}
