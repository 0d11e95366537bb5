package uz.coffeeshop.keycloak.cleanup;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The server-wide options of the cleanup, read once at start from {@code --spi-coffee-cleanup--default--<option>}
 * (env {@code KC_SPI_COFFEE_CLEANUP__DEFAULT__<OPTION>}) and checked there, so that a typo stops the server with a
 * message that names the option instead of silently deleting on a wrong schedule.
 */
public record CleanupOptions(
        Duration lifetime,
        Duration interval,
        int batchSize,
        int workers,
        boolean dryRun,
        Duration reminderLead,
        Optional<String> linkBaseUrl,
        Removal removal,
        int busyPercent) {

    static final String LIFETIME = "lifetime-minutes";
    static final String INTERVAL = "interval-seconds";
    static final String BATCH_SIZE = "batch-size";
    static final String WORKERS = "workers";
    static final String DRY_RUN = "dry-run";
    static final String REMINDER_LEAD = "reminder-lead-minutes";
    static final String LINK_BASE_URL = "link-base-url";
    static final String REMOVAL = "removal";
    static final String BUSY_PERCENT = "busy-percent";

    /** The seed's variable: the default lifetime when the SPI option is not set. */
    static final String LIFETIME_VARIABLE = "UNVERIFIED_USER_LIFETIME_MINUTES";

    static final long DEFAULT_LIFETIME_MINUTES = 2880;
    static final long DEFAULT_INTERVAL_SECONDS = 900;
    static final int DEFAULT_BATCH_SIZE = 100;
    /** One: with pacing, a second worker only adds the CPU the pacing is there to leave to logins (benchmarked). */
    static final int DEFAULT_WORKERS = 1;

    static final long DEFAULT_REMINDER_LEAD_MINUTES = 1440;
    /** Batch: CleanupRemovalEquivalenceIT proves it equal to Keycloak's own removal on PostgreSQL and H2. */
    static final Removal DEFAULT_REMOVAL = Removal.BATCH;
    /**
     * A quarter of the worker's time: on 2 cores an unpaced run (its workers and PostgreSQL) takes the CPU password
     * hashing needs; logins during a run had 2.5× their idle p99 with 2 unpaced workers, 2.1× with 2 at 50%, 1.4×
     * with 1 at 25% (README, "Cleanup benchmark"), which deletes about 33,000 users per 15-minute interval.
     */
    static final int DEFAULT_BUSY_PERCENT = 25;

    static CleanupOptions defaults(Function<String, String> environment) {
        return parse(name -> null, environment);
    }

    static CleanupOptions from(Config.Scope scope) {
        return parse(scope::get, System::getenv);
    }

    /**
     * Parses and validates the options. {@code option} reads an SPI option by its kebab-case name, {@code
     * environment} a process variable (only {@value #LIFETIME_VARIABLE}).
     *
     * @throws IllegalArgumentException naming the option and the value it refuses
     */
    static CleanupOptions parse(Function<String, String> option, Function<String, String> environment) {
        String lifetimeText = option.apply(LIFETIME);
        String lifetimeSource = "--spi-coffee-cleanup--default--" + LIFETIME;
        if (blank(lifetimeText)) {
            lifetimeText = environment.apply(LIFETIME_VARIABLE);
            lifetimeSource = LIFETIME_VARIABLE;
        }
        long lifetime = minutes(lifetimeSource, lifetimeText, DEFAULT_LIFETIME_MINUTES, CleanupRules.LIFETIME);
        requireNone(CleanupRules.lifetimeMinutes(lifetime), lifetimeSource, lifetimeText);

        long interval = number(spi(INTERVAL), option.apply(INTERVAL), DEFAULT_INTERVAL_SECONDS);
        require(interval > 0, spi(INTERVAL), option.apply(INTERVAL), "must be a positive number of seconds");

        long batch = number(spi(BATCH_SIZE), option.apply(BATCH_SIZE), DEFAULT_BATCH_SIZE);
        require(batch >= 1 && batch <= 10_000, spi(BATCH_SIZE), option.apply(BATCH_SIZE), "must be 1 to 10000");

        long workers = number(spi(WORKERS), option.apply(WORKERS), DEFAULT_WORKERS);
        require(workers >= 1 && workers <= 32, spi(WORKERS), option.apply(WORKERS), "must be 1 to 32");

        String dryRunText = option.apply(DRY_RUN);
        require(
                blank(dryRunText) || CleanupRules.isTrueOrFalse(dryRunText),
                spi(DRY_RUN),
                dryRunText,
                CleanupRules.TRUE_OR_FALSE);
        boolean dryRun = !blank(dryRunText) && Boolean.parseBoolean(dryRunText.trim());

        String leadText = option.apply(REMINDER_LEAD);
        long lead = minutes(spi(REMINDER_LEAD), leadText, DEFAULT_REMINDER_LEAD_MINUTES, CleanupRules.REMINDER_LEAD);
        requireNone(CleanupRules.reminderLeadMinutes(lead), spi(REMINDER_LEAD), leadText);

        String base = option.apply(LINK_BASE_URL);
        require(
                blank(base) || base.startsWith("http://") || base.startsWith("https://"),
                spi(LINK_BASE_URL),
                base,
                "must be an http(s) URL such as https://id.coffee-shop.uz");

        String removalText = option.apply(REMOVAL);
        Optional<Removal> removal = blank(removalText) ? Optional.of(DEFAULT_REMOVAL) : Removal.named(removalText);
        require(removal.isPresent(), spi(REMOVAL), removalText, "must be batch or keycloak");

        long busy = number(spi(BUSY_PERCENT), option.apply(BUSY_PERCENT), DEFAULT_BUSY_PERCENT);
        require(busy >= 1 && busy <= 100, spi(BUSY_PERCENT), option.apply(BUSY_PERCENT), "must be 1 to 100");

        return new CleanupOptions(
                Duration.ofMinutes(lifetime),
                Duration.ofSeconds(interval),
                (int) batch,
                (int) workers,
                dryRun,
                Duration.ofMinutes(lead),
                blank(base) ? Optional.empty() : Optional.of(base.trim().replaceAll("/+$", "")),
                removal.get(),
                (int) busy);
    }

    /** The options as Keycloak's config metadata: listed by {@code kc.sh show-config} and the server info. */
    static List<ProviderConfigProperty> metadata() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(LIFETIME)
                .type("long")
                .defaultValue(DEFAULT_LIFETIME_MINUTES)
                .helpText("Minutes an unverified account lives before deletion; default "
                        + LIFETIME_VARIABLE + ", else 2880. A realm may override it with the attribute "
                        + CleanupPolicy.LIFETIME_ATTRIBUTE + ".")
                .add()
                .property()
                .name(INTERVAL)
                .type("long")
                .defaultValue(DEFAULT_INTERVAL_SECONDS)
                .helpText("Seconds between two cleanup runs of the cluster (one node does each run).")
                .add()
                .property()
                .name(BATCH_SIZE)
                .type("int")
                .defaultValue(DEFAULT_BATCH_SIZE)
                .helpText("Users examined per transaction (1 to 10000): memory stays bounded by it.")
                .add()
                .property()
                .name(WORKERS)
                .type("int")
                .defaultValue(DEFAULT_WORKERS)
                .helpText("Batches worked on at once by the node doing a run (1 to 32); each holds a database"
                        + " connection while it runs.")
                .add()
                .property()
                .name(DRY_RUN)
                .type("boolean")
                .defaultValue(false)
                .helpText("Scheduled runs only report what they would delete or remind. A realm attribute "
                        + CleanupPolicy.DRY_RUN_ATTRIBUTE + " (the console's cleanup settings) overrides it.")
                .add()
                .property()
                .name(REMINDER_LEAD)
                .type("long")
                .defaultValue(DEFAULT_REMINDER_LEAD_MINUTES)
                .helpText("Minutes before the deadline when the one reminder e-mail goes out; 0 sends none. A realm"
                        + " may override it with the attribute " + CleanupPolicy.REMINDER_LEAD_ATTRIBUTE + ".")
                .add()
                .property()
                .name(LINK_BASE_URL)
                .type("string")
                .helpText("Public base URL of Keycloak (e.g. https://id.coffee-shop.uz) for the link in reminders"
                        + " sent by scheduled runs, which have no request to take it from.")
                .add()
                .property()
                .name(REMOVAL)
                .type("string")
                .options(Removal.BATCH.optionValue(), Removal.KEYCLOAK.optionValue())
                .defaultValue(DEFAULT_REMOVAL.optionValue())
                .helpText("How due users are removed: batch (a batch's users together, one statement per table,"
                        + " Keycloak's events per user; a batch whose counts do not add up is redone with keycloak)"
                        + " or keycloak (Keycloak's own removal, user by user, as the admin API does).")
                .add()
                .property()
                .name(BUSY_PERCENT)
                .type("int")
                .defaultValue(DEFAULT_BUSY_PERCENT)
                .helpText("Share of its time (1 to 100 percent) each worker may spend on batches: after a batch that"
                        + " took t it pauses t × (100 − p) / p, leaving CPU to logins (password hashing) while a run"
                        + " goes on; 100: no pause.")
                .add()
                .build();
    }

    private static String spi(String name) {
        return "--spi-coffee-cleanup--default--" + name;
    }

    private static long number(String source, String text, long fallback) {
        if (blank(text)) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw invalid(source, text, "is not a whole number");
        }
    }

    /** A number of minutes; text that is no whole number is refused with the rule it breaks. */
    private static long minutes(String source, String text, long fallback, String rule) {
        if (blank(text)) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw invalid(source, text, rule);
        }
    }

    private static void requireNone(Optional<String> breach, String source, String text) {
        breach.ifPresent(rule -> {
            throw invalid(source, text, rule);
        });
    }

    private static void require(boolean valid, String source, String text, String rule) {
        if (!valid) {
            throw invalid(source, text, rule);
        }
    }

    private static IllegalArgumentException invalid(String source, String text, String rule) {
        return new IllegalArgumentException("Coffee cleanup: " + source + "='" + text + "' " + rule);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
