package uz.coffeeshop.keycloak.cleanup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The cleanup's meters in Keycloak's Micrometer registry: Quarkus adds its Prometheus registry to Micrometer's
 * global one, so these appear on the management port's {@code /metrics} (with {@code --metrics-enabled=true}) as
 * {@code coffee_cleanup_users_deleted_total{realm=...}} and so on. Dry runs are not counted: they change nothing.
 */
final class CleanupMetrics {

    private final MeterRegistry registry;

    CleanupMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    static CleanupMetrics global() {
        return new CleanupMetrics(Metrics.globalRegistry);
    }

    /** What a committed batch did (dry runs are not counted: they change nothing). */
    void committed(String realm, CleanupTally batch) {
        if (batch.deleted > 0) {
            counter("coffee.cleanup.users.deleted", "Unverified users deleted by the cleanup", realm)
                    .increment(batch.deleted);
        }
        if (batch.reminded > 0) {
            counter("coffee.cleanup.reminders.sent", "Reminder e-mails sent before deletion", realm)
                    .increment(batch.reminded);
        }
        batch.skipped.forEach((reason, count) -> Counter.builder("coffee.cleanup.users.skipped")
                .description("Due unverified users kept by a never-deletes rule")
                .tag("realm", realm)
                .tag("reason", reason)
                .register(registry)
                .increment(count));
        if (batch.errors > 0) {
            counter("coffee.cleanup.errors", "Users the cleanup failed to delete or remind", realm)
                    .increment(batch.errors);
        }
    }

    void error(String realm) {
        counter("coffee.cleanup.errors", "Users the cleanup failed to delete or remind", realm)
                .increment();
    }

    /** A run not started because another run of the realm was under way ({@code trigger}: scheduled or manual). */
    void refused(String realm, CleanupTrigger trigger) {
        Counter.builder("coffee.cleanup.runs.refused")
                .description("Cleanup runs not started because another run of the realm was under way")
                .tag("realm", realm)
                .tag("trigger", trigger.key())
                .register(registry)
                .increment();
    }

    void run(String realm, Duration took) {
        Timer.builder("coffee.cleanup.run")
                .description("Duration of cleanup runs (not dry runs)")
                .tag("realm", realm)
                .register(registry)
                .record(took);
    }

    private Counter counter(String name, String description, String realm) {
        return Counter.builder(name)
                .description(description)
                .tag("realm", realm)
                .register(registry);
    }
}
