package uz.coffeeshop.keycloak.cleanup;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * When an unverified account of a realm is due for deletion, and when it gets its reminder.
 *
 * <p>On when the realm attribute {@value #ENABLED_ATTRIBUTE} is {@code true}, never for {@code master}. The lifetime
 * is the realm's {@value #LIFETIME_ATTRIBUTE}, else the server's option (default {@code
 * UNVERIFIED_USER_LIFETIME_MINUTES}, else 2880 minutes). The deadline is counted from creation, but never from
 * before the moment the policy was switched on ({@value #ENABLED_SINCE_ATTRIBUTE}, stamped by the first run that
 * sees the realm on): switching it on never deletes old accounts at once.
 */
public final class CleanupPolicy {

    public static final String ENABLED_ATTRIBUTE = "coffee.cleanup.enabled";
    public static final String LIFETIME_ATTRIBUTE = "coffee.cleanup.lifetimeMinutes";
    public static final String REMINDER_LEAD_ATTRIBUTE = "coffee.cleanup.reminderLeadMinutes";
    /** Epoch milliseconds when the policy was switched on for the realm; removed when it is switched off. */
    public static final String ENABLED_SINCE_ATTRIBUTE = "coffee.cleanup.enabledSince";

    public static final long DEFAULT_LIFETIME_MINUTES = CleanupOptions.DEFAULT_LIFETIME_MINUTES;

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

    public static CleanupPolicy forRealm(RealmModel realm) {
        return forRealm(realm, CleanupOptions.current());
    }

    static CleanupPolicy forRealm(RealmModel realm, CleanupOptions options) {
        boolean enabled =
                !"master".equals(realm.getName()) && Boolean.parseBoolean(realm.getAttribute(ENABLED_ATTRIBUTE));
        Duration lifetime = minutes(realm, LIFETIME_ATTRIBUTE, options.lifetime(), 1);
        Duration lead = minutes(realm, REMINDER_LEAD_ATTRIBUTE, options.reminderLead(), 0);
        Optional<Instant> since =
                Optional.ofNullable(realm.getAttribute(ENABLED_SINCE_ATTRIBUTE)).flatMap(CleanupPolicy::epochMillis);
        return new CleanupPolicy(enabled, lifetime, lead, since);
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

    /** When the policy was switched on; empty until the first run after switching it on stamps it. */
    public Optional<Instant> enabledSince() {
        return enabledSince;
    }

    /** The deadline of a never-verified account, empty for a verified one or when the cleanup is off. */
    public Optional<Instant> deletionDueAt(UserModel user) {
        if (!enabled || user.isEmailVerified() || user.getCreatedTimestamp() == null) {
            return Optional.empty();
        }
        return Optional.of(deadline(user.getCreatedTimestamp()));
    }

    /** Creation time + lifetime, counted from the switch-on moment for accounts older than it. */
    Instant deadline(long createdMillis) {
        // Not stamped yet: the first run stamps "now", so until then the clock starts now as well.
        long since = enabledSince.map(Instant::toEpochMilli).orElseGet(Time::currentTimeMillis);
        return Instant.ofEpochMilli(Math.max(createdMillis, since)).plus(lifetime);
    }

    Instant reminderAt(long createdMillis) {
        return deadline(createdMillis).minus(reminderLead);
    }

    boolean remindersOn() {
        return !reminderLead.isZero();
    }

    /**
     * Accounts created after this instant are neither due nor in their reminder window at {@code now}: the upper
     * bound of the candidate query. Empty when, counted from the switch-on moment, nothing can be due yet.
     */
    Optional<Instant> createdNoLaterThan(Instant now) {
        Instant latest = now.minus(lifetime).plus(remindersOn() ? reminderLead : Duration.ZERO);
        long since = enabledSince.map(Instant::toEpochMilli).orElse(now.toEpochMilli());
        return since > latest.toEpochMilli() ? Optional.empty() : Optional.of(latest);
    }

    private static Duration minutes(RealmModel realm, String attribute, Duration fallback, long minimum) {
        String text = realm.getAttribute(attribute);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long minutes = Long.parseLong(text.trim());
            if (minutes >= minimum) {
                return Duration.ofMinutes(minutes);
            }
        } catch (NumberFormatException e) {
            // below: logged and ignored, the server-wide value applies
        }
        LOG.warnf(
                "Realm %s: ignoring %s='%s' (not a number of minutes >= %d)",
                realm.getName(), attribute, text, minimum);
        return fallback;
    }

    private static Optional<Instant> epochMillis(String text) {
        try {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(text.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
