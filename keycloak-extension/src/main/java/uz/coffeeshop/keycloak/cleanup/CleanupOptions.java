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
        Duration runTime,
        boolean dryRun,
        Duration reminderLead,
        Optional<String> linkBaseUrl) {

    static final String LIFETIME = "lifetime-minutes";
    static final String INTERVAL = "interval-seconds";
    static final String BATCH_SIZE = "batch-size";
    static final String RUN_SECONDS = "run-seconds";
    static final String DRY_RUN = "dry-run";
    static final String REMINDER_LEAD = "reminder-lead-minutes";
    static final String LINK_BASE_URL = "link-base-url";

    /** The seed's variable: the default lifetime when the SPI option is not set. */
    static final String LIFETIME_VARIABLE = "UNVERIFIED_USER_LIFETIME_MINUTES";

    private static final String WHOLE_NUMBER = "is not a whole number";

    static final long DEFAULT_LIFETIME_MINUTES = 2880;
    static final long DEFAULT_INTERVAL_SECONDS = 900;
    static final int DEFAULT_BATCH_SIZE = 100;
    /**
     * A run starts batches for at most this long, then ends with its report and the next tick goes on: a manual run
     * then answers well within the gateway's response timeout (30 s by default), and a tick ends long before the
     * next one.
     */
    static final long DEFAULT_RUN_SECONDS = 20;

    static final long DEFAULT_REMINDER_LEAD_MINUTES = 1440;

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
        long lifetime = number(lifetimeSource, lifetimeText, DEFAULT_LIFETIME_MINUTES, CleanupRules.LIFETIME);
        requireNone(CleanupRules.lifetimeMinutes(lifetime), lifetimeSource, lifetimeText);

        long interval = number(spi(INTERVAL), option.apply(INTERVAL), DEFAULT_INTERVAL_SECONDS, WHOLE_NUMBER);
        require(interval > 0, spi(INTERVAL), option.apply(INTERVAL), "must be a positive number of seconds");

        long batch = number(spi(BATCH_SIZE), option.apply(BATCH_SIZE), DEFAULT_BATCH_SIZE, WHOLE_NUMBER);
        require(batch >= 1 && batch <= 10_000, spi(BATCH_SIZE), option.apply(BATCH_SIZE), "must be 1 to 10000");

        long runSeconds = number(spi(RUN_SECONDS), option.apply(RUN_SECONDS), DEFAULT_RUN_SECONDS, WHOLE_NUMBER);
        require(
                runSeconds >= 1 && runSeconds <= 3600,
                spi(RUN_SECONDS),
                option.apply(RUN_SECONDS),
                "must be 1 to 3600");

        String dryRunText = option.apply(DRY_RUN);
        require(
                blank(dryRunText) || CleanupRules.isTrueOrFalse(dryRunText),
                spi(DRY_RUN),
                dryRunText,
                CleanupRules.TRUE_OR_FALSE);
        boolean dryRun = !blank(dryRunText) && Boolean.parseBoolean(dryRunText.trim());

        String leadText = option.apply(REMINDER_LEAD);
        long lead = number(spi(REMINDER_LEAD), leadText, DEFAULT_REMINDER_LEAD_MINUTES, CleanupRules.REMINDER_LEAD);
        requireNone(CleanupRules.reminderLeadMinutes(lead), spi(REMINDER_LEAD), leadText);

        String base = option.apply(LINK_BASE_URL);
        require(
                blank(base) || base.startsWith("http://") || base.startsWith("https://"),
                spi(LINK_BASE_URL),
                base,
                "must be an http(s) URL such as https://id.coffee-shop.uz");

        return new CleanupOptions(
                Duration.ofMinutes(lifetime),
                Duration.ofSeconds(interval),
                (int) batch,
                Duration.ofSeconds(runSeconds),
                dryRun,
                Duration.ofMinutes(lead),
                blank(base) ? Optional.empty() : Optional.of(base.trim().replaceAll("/+$", "")));
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
                .helpText("Seconds between two scheduled cleanup runs of the cluster (one node does each run).")
                .add()
                .property()
                .name(BATCH_SIZE)
                .type("int")
                .defaultValue(DEFAULT_BATCH_SIZE)
                .helpText("Users examined per transaction (1 to 10000): memory stays bounded by it.")
                .add()
                .property()
                .name(RUN_SECONDS)
                .type("long")
                .defaultValue(DEFAULT_RUN_SECONDS)
                .helpText("Seconds (1 to 3600) one run, scheduled or manual, starts batches for; what is left waits"
                        + " for the next run. Never more than half of " + INTERVAL + ", so that a run ends before"
                        + " the cluster lock of the next tick lapses.")
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
                .build();
    }

    /**
     * How long a run starts batches for: {@link #runTime}, but at most half the interval. Keycloak's cluster-aware
     * runner holds its cluster lock for one interval, so a run that ends within it never overlaps the next tick.
     */
    public Duration runBudget() {
        Duration half = interval.dividedBy(2);
        return runTime.compareTo(half) < 0 ? runTime : half;
    }

    /** The wall-clock instant (epoch millis) after which a run starting now starts no more batches. */
    long runEndFromNow() {
        return System.currentTimeMillis() + runBudget().toMillis();
    }

    private static String spi(String name) {
        return "--spi-coffee-cleanup--default--" + name;
    }

    /** A whole number, or {@code fallback} when unset; other text is refused with {@code rule}. */
    private static long number(String source, String text, long fallback, String rule) {
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
