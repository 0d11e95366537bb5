package uz.coffeeshop.keycloak.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CleanupOptionsTest {

    @Test
    void defaultsWhenNothingIsSet() {
        CleanupOptions options = CleanupOptions.parse(name -> null, name -> null);

        assertThat(options.lifetime()).isEqualTo(Duration.ofMinutes(2880));
        assertThat(options.interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(options.batchSize()).isEqualTo(100);
        assertThat(options.runTime()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.dryRun()).isFalse();
        assertThat(options.reminderLead()).isEqualTo(Duration.ofHours(24));
        assertThat(options.linkBaseUrl()).isEmpty();
    }

    @Test
    void aRunLastsAtMostHalfTheIntervalSoThatItEndsBeforeTheNextTick() {
        assertThat(CleanupOptions.parse(name -> null, name -> null).runBudget()).isEqualTo(Duration.ofSeconds(20));
        CleanupOptions shortTicks = CleanupOptions.parse(Map.of("interval-seconds", "30")::get, name -> null);
        assertThat(shortTicks.runBudget()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void lifetimeComesFromTheSeedsVariableWhenTheOptionIsNotSet() {
        CleanupOptions options =
                CleanupOptions.parse(name -> null, Map.of("UNVERIFIED_USER_LIFETIME_MINUTES", "90")::get);

        assertThat(options.lifetime()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void theOptionWinsOverTheSeedsVariable() {
        CleanupOptions options = CleanupOptions.parse(
                Map.of("lifetime-minutes", "30")::get, Map.of("UNVERIFIED_USER_LIFETIME_MINUTES", "90")::get);

        assertThat(options.lifetime()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void negativeLifetimeStopsTheStartWithTheOptionsName() {
        assertThatThrownBy(
                        () -> CleanupOptions.parse(name -> null, Map.of("UNVERIFIED_USER_LIFETIME_MINUTES", "-5")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UNVERIFIED_USER_LIFETIME_MINUTES='-5'")
                .hasMessageContaining(CleanupRules.LIFETIME);
    }

    @Test
    void zeroBatchIsRefused() {
        assertThatThrownBy(() -> CleanupOptions.parse(Map.of("batch-size", "0")::get, name -> null))
                .hasMessageContaining("--spi-coffee-cleanup--default--batch-size='0'");
    }

    @Test
    void runSecondsAreOneToAnHour() {
        assertThatThrownBy(() -> CleanupOptions.parse(Map.of("run-seconds", "0")::get, name -> null))
                .hasMessageContaining("--spi-coffee-cleanup--default--run-seconds='0' must be 1 to 3600");
        assertThatThrownBy(() -> CleanupOptions.parse(Map.of("run-seconds", "3601")::get, name -> null))
                .hasMessageContaining("run-seconds='3601'");
        assertThat(CleanupOptions.parse(Map.of("run-seconds", "5")::get, name -> null)
                        .runTime())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void wordsWhereNumbersBelongAreRefused() {
        assertThatThrownBy(() -> CleanupOptions.parse(Map.of("interval-seconds", "soon")::get, name -> null))
                .hasMessageContaining("interval-seconds='soon' is not a whole number");
    }

    @Test
    void theLifetimeAndTheLeadAreRefusedWithTheRulesTheConsoleSettingsUseToo() {
        assertThatThrownBy(() -> CleanupOptions.parse(Map.of("lifetime-minutes", "0")::get, name -> null))
                .hasMessageContaining("lifetime-minutes='0' " + CleanupRules.LIFETIME);
        assertThatThrownBy(() -> CleanupOptions.parse(Map.of("lifetime-minutes", "soon")::get, name -> null))
                .hasMessageContaining("lifetime-minutes='soon' " + CleanupRules.LIFETIME);
        assertThatThrownBy(() -> CleanupOptions.parse(
                        Map.of("lifetime-minutes", String.valueOf(CleanupRules.MAX_MINUTES + 1))::get, name -> null))
                .hasMessageContaining(CleanupRules.TOO_LONG);
        assertThatThrownBy(() -> CleanupOptions.parse(Map.of("reminder-lead-minutes", "-5")::get, name -> null))
                .hasMessageContaining("reminder-lead-minutes='-5' " + CleanupRules.REMINDER_LEAD);
        assertThatThrownBy(
                        () -> CleanupOptions.parse(name -> null, Map.of("UNVERIFIED_USER_LIFETIME_MINUTES", "-1")::get))
                .hasMessageContaining("UNVERIFIED_USER_LIFETIME_MINUTES='-1' " + CleanupRules.LIFETIME);
    }

    @Test
    void dryRunMustBeABoolean() {
        assertThatThrownBy(() -> CleanupOptions.parse(Map.of("dry-run", "yes")::get, name -> null))
                .hasMessageContaining("dry-run='yes' must be true or false");
        assertThat(CleanupOptions.parse(Map.of("dry-run", "TRUE")::get, name -> null)
                        .dryRun())
                .isTrue();
    }

    @Test
    void linkBaseMustBeAnHttpUrl() {
        assertThatThrownBy(() -> CleanupOptions.parse(Map.of("link-base-url", "id.example")::get, name -> null))
                .hasMessageContaining("link-base-url");
        assertThat(CleanupOptions.parse(Map.of("link-base-url", "https://id.example/")::get, name -> null)
                        .linkBaseUrl())
                .contains("https://id.example");
    }

    @Test
    void everyOptionIsDeclaredInTheMetadata() {
        assertThat(CleanupOptions.metadata())
                .extracting(property -> property.getName())
                .containsExactlyInAnyOrder(
                        "lifetime-minutes",
                        "interval-seconds",
                        "batch-size",
                        "run-seconds",
                        "dry-run",
                        "reminder-lead-minutes",
                        "link-base-url");
    }
}
