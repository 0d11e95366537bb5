package uz.coffeeshop.keycloak.cleanup;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongFunction;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.models.RealmModel;

/**
 * When a signed-up, never-verified account of a realm is due for deletion, and when it gets its reminder.
 *
 * <p>On when the realm attribute {@value #ENABLED_ATTRIBUTE} is {@code true}, never for {@code master}. The lifetime
 * is the realm's {@value #LIFETIME_ATTRIBUTE}, else the server's option. The deadline counts from the sign-up
 * ({@link SignUpMark}), never from before the moment the policy was switched on ({@value #ENABLED_SINCE_ATTRIBUTE},
 * stamped by {@link SwitchOnStamp} when that happens): switching it on never deletes old accounts at once. With
 * reminders on, the deadline is never earlier than the reminder plus {@link #grace()}.
 */
public final class CleanupPolicy {

    public static final String ENABLED_ATTRIBUTE = "coffee.cleanup.enabled";
    public static final String LIFETIME_ATTRIBUTE = "coffee.cleanup.lifetimeMinutes";
    public static final String REMINDER_LEAD_ATTRIBUTE = "coffee.cleanup.reminderLeadMinutes";
    /** Epoch milliseconds when the policy was switched on for the realm; removed when it is switched off. */
    public static final String ENABLED_SINCE_ATTRIBUTE = "coffee.cleanup.enabledSince";
    /** {@code true}: the realm's scheduled runs only report what they would do; unset, the server's option says. */
    public static final String DRY_RUN_ATTRIBUTE = "coffee.cleanup.dryRun";

    /** The longest warning a reminder must give before the deletion (shorter when the lead is shorter). */
    static final Duration MAX_GRACE = Duration.ofHours(1);

    private static final Logger LOG = Logger.getLogger(CleanupPolicy.class);

    private final boolean enabled;
    private final Duration lifetime;
    private final Duration reminderLead;
    private final Optional<Instant> enabledSince;

    private CleanupPolicy(boolean enabled, Duration lifetime, Duration reminderLead, Optional<Instant> enabledSince) {
        this.enabled = enabled;
        this.lifetime = lifetime;
        this.reminderLead = reminderLead;
        this.enabledSince = enabledSince;
    }

    static CleanupPolicy of(RealmModel realm, CleanupOptions options) {
        Duration lifetime = minutes(realm, LIFETIME_ATTRIBUTE, options.lifetime(), CleanupRules::lifetimeMinutes);
        Duration lead =
                minutes(realm, REMINDER_LEAD_ATTRIBUTE, options.reminderLead(), CleanupRules::reminderLeadMinutes);
        Optional<Instant> since = UserFacts.epochMillis(realm.getAttribute(ENABLED_SINCE_ATTRIBUTE));
        return new CleanupPolicy(switchedOn(realm), lifetime, lead, since);
    }

    /** Whether the realm has the cleanup on (never {@code master}). */
    public static boolean switchedOn(RealmModel realm) {
        return !Config.getAdminRealm().equals(realm.getName())
                && Boolean.parseBoolean(realm.getAttribute(ENABLED_ATTRIBUTE));
    }

    /**
     * Whether the realm's scheduled runs only report: its {@value #DRY_RUN_ATTRIBUTE}, else {@code serverDryRun}
     * (the server's option). A value that is no switch is logged and the server's option applies.
     */
    public static boolean scheduledDryRun(RealmModel realm, boolean serverDryRun) {
        String text = realm.getAttribute(DRY_RUN_ATTRIBUTE);
        if (text == null || text.isBlank()) {
            return serverDryRun;
        }
        if (!CleanupRules.isTrueOrFalse(text)) {
            LOG.warnf(
                    "Realm %s: ignoring %s='%s' (%s)",
                    realm.getName(), DRY_RUN_ATTRIBUTE, text, CleanupRules.TRUE_OR_FALSE);
            return serverDryRun;
        }
        return Boolean.parseBoolean(text.trim());
    }

    public boolean enabled() {
        return enabled;
    }

    public Duration lifetime() {
        return lifetime;
    }

    public Duration reminderLead() {
        return reminderLead;
    }

    /** When the policy was switched on. */
    public Optional<Instant> enabledSince() {
        return enabledSince;
    }

    /** How long a reminder comes at least before the deletion: {@code min(reminder lead, 1 hour)}. */
    Duration grace() {
        return reminderLead.compareTo(MAX_GRACE) < 0 ? reminderLead : MAX_GRACE;
    }

    boolean remindersOn() {
        return !reminderLead.isZero();
    }

    /** Where the clock of a user signed up at {@code signedUp} starts: never before the switch-on. */
    private Instant start(Instant signedUp) {
        // Stamped when the cleanup is switched on (SwitchOnStamp); missing only between that and its commit.
        Instant since = enabledSince.orElseGet(() -> Instant.ofEpochMilli(Time.currentTimeMillis()));
        return later(signedUp, since);
    }

    /** Start + lifetime: the deadline of a user whose reminder came on time. */
    Instant nominalDeadline(Instant signedUp) {
        return start(signedUp).plus(lifetime);
    }

    /** When the reminder is due: {@code reminder lead} before the deadline, but not before the clock started. */
    Instant reminderAt(Instant signedUp) {
        return later(nominalDeadline(signedUp).minus(reminderLead), start(signedUp));
    }

    /**
     * The deletion instant of a user signed up at {@code signedUp}: start + lifetime, but with reminders on never
     * less than {@link #grace()} after the reminder (sent at {@code remindedAt}, or due at the later of {@link
     * #reminderAt} and {@code now} when it has not gone yet).
     */
    Instant deadline(Instant signedUp, Optional<Instant> remindedAt, Instant now) {
        Instant nominal = nominalDeadline(signedUp);
        if (!remindersOn()) {
            return nominal;
        }
        Instant warned = remindedAt.orElseGet(() -> later(reminderAt(signedUp), now));
        return later(nominal, warned.plus(grace()));
    }

    /**
     * Accounts created after this instant are neither due nor in their reminder window at {@code now}: the upper
     * bound of the candidate query (a sign-up's mark is its creation instant). Empty when, counted from the
     * switch-on moment, nothing can be due yet.
     */
    Optional<Instant> createdNoLaterThan(Instant now) {
        Instant latest = now.minus(lifetime).plus(remindersOn() ? reminderLead : Duration.ZERO);
        long since = enabledSince.map(Instant::toEpochMilli).orElse(now.toEpochMilli());
        return since > latest.toEpochMilli() ? Optional.empty() : Optional.of(latest);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Duration minutes(
            RealmModel realm, String attribute, Duration fallback, LongFunction<Optional<String>> rule) {
        String text = realm.getAttribute(attribute);
        CleanupRules.StoredMinutes stored = CleanupRules.storedMinutes(text, rule);
        // An attribute set around the API (realm import, Keycloak's own admin API): the server-wide value applies.
        stored.breach()
                .ifPresent(breach ->
                        LOG.warnf("Realm %s: ignoring %s='%s' (%s)", realm.getName(), attribute, text, breach));
        return stored.minutes().map(Duration::ofMinutes).orElse(fallback);
    }
}
