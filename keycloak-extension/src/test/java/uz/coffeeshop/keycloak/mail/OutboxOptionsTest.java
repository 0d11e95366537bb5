package uz.coffeeshop.keycloak.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxOptionsTest {

    @Test
    void theDefaultLeaseCoversOneDeliveryAttemptAndEndsWithinAMinute() {
        OutboxOptions d = OutboxOptions.DEFAULTS;
        assertThat(d.lease()).isGreaterThan(d.smtpConnectTimeout().plus(d.smtpTimeout()));
        assertThat(d.lease()).isLessThanOrEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aLeaseShorterThanOneDeliveryAttemptIsRefusedNamingTheOptions() {
        assertThatThrownBy(() -> withLease(Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lease")
                .hasMessageContaining("smtp-connect-timeout")
                .hasMessageContaining("smtp-timeout");
    }

    @Test
    void aLeaseLongerThanConnectPlusReadTimeoutIsAccepted() {
        assertThat(withLease(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(2))
                        .lease())
                .isEqualTo(Duration.ofSeconds(5));
    }

    private static OutboxOptions withLease(Duration lease, Duration connectTimeout, Duration timeout) {
        OutboxOptions d = OutboxOptions.DEFAULTS;
        return new OutboxOptions(
                d.batchSize(),
                d.interval(),
                d.maxAttempts(),
                d.backoff(),
                d.maxBackoff(),
                d.maxAge(),
                lease,
                d.retention(),
                connectTimeout,
                timeout);
    }
}
