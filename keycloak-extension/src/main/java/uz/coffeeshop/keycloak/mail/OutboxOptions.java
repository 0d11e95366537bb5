package uz.coffeeshop.keycloak.mail;

import java.time.Duration;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The outbox's options, read from the SPI config of the {@value OutboxEmailSenderProviderFactory#ID} e-mail sender:
 * {@code --spi-email-sender--coffee-outbox--<option>} or {@code KC_SPI_EMAIL_SENDER__COFFEE_OUTBOX__<OPTION>}.
 * Durations are in milliseconds.
 */
record OutboxOptions(
        int batchSize,
        Duration interval,
        int maxAttempts,
        Duration backoff,
        Duration maxBackoff,
        Duration maxAge,
        Duration lease,
        Duration retention,
        Duration smtpConnectTimeout,
        Duration smtpTimeout) {

    /** Every set of options is checked when it is made, the defaults too. */
    OutboxOptions {
        check(batchSize, interval, maxAttempts, backoff, lease, smtpConnectTimeout, smtpTimeout);
    }

    static final OutboxOptions DEFAULTS = new OutboxOptions(
            25,
            Duration.ofSeconds(2),
            10,
            Duration.ofSeconds(5),
            Duration.ofMinutes(15),
            Duration.ofHours(24),
            Duration.ofSeconds(60),
            Duration.ofDays(7),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10));

    static OutboxOptions from(Config.Scope config) {
        OutboxOptions d = DEFAULTS;
        return new OutboxOptions(
                config.getInt("batch-size", d.batchSize),
                millis(config, "interval", d.interval),
                config.getInt("max-attempts", d.maxAttempts),
                millis(config, "backoff", d.backoff),
                millis(config, "max-backoff", d.maxBackoff),
                millis(config, "max-age", d.maxAge),
                millis(config, "lease", d.lease),
                millis(config, "retention", d.retention),
                millis(config, "smtp-connect-timeout", d.smtpConnectTimeout),
                millis(config, "smtp-timeout", d.smtpTimeout));
    }

    private static void check(
            int batchSize,
            Duration interval,
            int maxAttempts,
            Duration backoff,
            Duration lease,
            Duration smtpConnectTimeout,
            Duration smtpTimeout) {
        // ClusterAwareScheduledTaskRunner holds its cluster lock for interval/1000 whole seconds: below 1 s it would
        // hold none. (The leases would still keep mails single, but every node would run every round.)
        if (batchSize < 1 || maxAttempts < 1 || interval.toMillis() < 1000 || backoff.isNegative()) {
            throw new IllegalArgumentException("coffee-outbox: batch-size and max-attempts must be at least 1, "
                    + "interval at least 1000 ms, backoff not negative; got batch-size " + batchSize + ", max-attempts "
                    + maxAttempts + ", interval " + interval.toMillis() + ", backoff " + backoff.toMillis());
        }
        // The lease covers one delivery attempt (it is renewed before each): shorter than the SMTP connect timeout
        // plus one read timeout, a slow but working server would get a mail sent twice.
        if (lease.compareTo(smtpConnectTimeout.plus(smtpTimeout)) <= 0) {
            throw new IllegalArgumentException("coffee-outbox: lease must be longer than smtp-connect-timeout plus"
                    + " smtp-timeout (one delivery attempt); got lease " + lease.toMillis() + ", smtp-connect-timeout "
                    + smtpConnectTimeout.toMillis() + ", smtp-timeout " + smtpTimeout.toMillis());
        }
    }

    private static Duration millis(Config.Scope config, String name, Duration fallback) {
        return Duration.ofMillis(config.getLong(name, fallback.toMillis()));
    }

    static List<ProviderConfigProperty> metadata() {
        OutboxOptions d = DEFAULTS;
        return ProviderConfigurationBuilder.create()
                .property()
                .name("batch-size")
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(d.batchSize)
                .helpText("Mails one delivery run claims at a time (a run takes more batches while time is left).")
                .add()
                .property()
                .name("interval")
                .type(ProviderConfigProperty.NUMBER_TYPE)
                .defaultValue(d.interval.toMillis())
                .helpText("Milliseconds between delivery runs (one node of the cluster runs each); at least 1000.")
                .add()
                .property()
                .name("max-attempts")
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(d.maxAttempts)
                .helpText("SMTP attempts per mail before it becomes DEAD.")
                .add()
                .property()
                .name("backoff")
                .type(ProviderConfigProperty.NUMBER_TYPE)
                .defaultValue(d.backoff.toMillis())
                .helpText("Milliseconds before the first retry; doubled after each failed attempt.")
                .add()
                .property()
                .name("max-backoff")
                .type(ProviderConfigProperty.NUMBER_TYPE)
                .defaultValue(d.maxBackoff.toMillis())
                .helpText("Longest wait between two attempts, in milliseconds.")
                .add()
                .property()
                .name("max-age")
                .type(ProviderConfigProperty.NUMBER_TYPE)
                .defaultValue(d.maxAge.toMillis())
                .helpText("Milliseconds after which a mail that still fails becomes DEAD, whatever its attempts.")
                .add()
                .property()
                .name("lease")
                .type(ProviderConfigProperty.NUMBER_TYPE)
                .defaultValue(d.lease.toMillis())
                .helpText("Milliseconds a delivery run holds a mail it claimed, renewed before each delivery"
                        + " attempt; after that (a crashed node) another run may take it. Longer than"
                        + " smtp-connect-timeout plus smtp-timeout.")
                .add()
                .property()
                .name("retention")
                .type(ProviderConfigProperty.NUMBER_TYPE)
                .defaultValue(d.retention.toMillis())
                .helpText("Milliseconds DEAD and EXPIRED mails are kept for the operator before they are purged.")
                .add()
                .property()
                .name("smtp-connect-timeout")
                .type(ProviderConfigProperty.NUMBER_TYPE)
                .defaultValue(d.smtpConnectTimeout.toMillis())
                .helpText("SMTP connect timeout in milliseconds.")
                .add()
                .property()
                .name("smtp-timeout")
                .type(ProviderConfigProperty.NUMBER_TYPE)
                .defaultValue(d.smtpTimeout.toMillis())
                .helpText("SMTP read and write timeout in milliseconds.")
                .add()
                .build();
    }
}
