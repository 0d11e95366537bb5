package uz.coffeeshop.keycloak.mail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox on Keycloak's metrics endpoint (management port, {@code /metrics}, with {@code metrics-enabled}).
 * Keycloak's Quarkus Micrometer registry is part of Micrometer's global registry, so meters registered there are
 * scraped with Keycloak's own. Counters are this node's since its start; the gauges are the whole cluster's
 * outbox as the last delivery run on this node counted it.
 */
final class OutboxMetrics {

    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong deadNow = new AtomicLong();
    private final Counter queued;
    private final Counter sent;
    private final Counter retried;
    private final Counter dead;
    private final Counter expired;

    OutboxMetrics(MeterRegistry registry) {
        Gauge.builder("coffee.mail.outbox.depth", depth, AtomicLong::get)
                .description("Mails waiting in the outbox (PENDING)")
                .register(registry);
        Gauge.builder("coffee.mail.outbox.dead", deadNow, AtomicLong::get)
                .description("Mails in the outbox that gave up (DEAD), kept for the retention")
                .register(registry);
        queued = counter(registry, "coffee.mail.queued", "Mails written to the outbox");
        sent = counter(registry, "coffee.mail.sent", "Mails the SMTP server accepted");
        retried = counter(registry, "coffee.mail.retried", "Failed SMTP attempts that will be retried");
        dead = counter(registry, "coffee.mail.dead", "Mails given up after their attempts or maximum age");
        expired = counter(registry, "coffee.mail.expired", "Mails dropped because their link had expired");
    }

    static OutboxMetrics global() {
        return new OutboxMetrics(Metrics.globalRegistry);
    }

    private static Counter counter(MeterRegistry registry, String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    void queued() {
        queued.increment();
    }

    void sent() {
        sent.increment();
    }

    void retried() {
        retried.increment();
    }

    void dead() {
        dead.increment();
    }

    void expired() {
        expired.increment();
    }

    void counted(long pending, long deadRows) {
        depth.set(pending);
        deadNow.set(deadRows);
    }
}
