package uz.coffeeshop.keycloak.cleanup;

import java.util.Optional;
import java.util.function.LongFunction;
import org.keycloak.Config;

/**
 * The rules a cleanup lifetime, reminder lead and switch must meet, with the message of each breach, wherever the
 * value comes from: the server's options ({@link CleanupOptions}), a realm's attributes ({@link CleanupPolicy}) and
 * the settings an admin saves through the API or the console page. One set of rules, so that a value the console
 * accepts is one the server would accept, with the same words when it is refused.
 */
public final class CleanupRules {

    /** Ten years: beyond that a deadline is no deadline, and the policy's instants would overflow. */
    public static final long MAX_MINUTES = 10L * 366 * 24 * 60;

    public static final String LIFETIME = "must be a whole number of minutes >= 1";
    public static final String REMINDER_LEAD = "must be 0 (no reminder) or a whole number of minutes >= 1";
    public static final String TOO_LONG = "must be at most " + MAX_MINUTES + " minutes (10 years)";
    public static final String TRUE_OR_FALSE = "must be true or false";
    public static final String NEVER_FOR_MASTER = "must be false: the cleanup never runs for the master realm";

    private CleanupRules() {}

    /** What is wrong with a lifetime of {@code minutes}, if anything. */
    public static Optional<String> lifetimeMinutes(long minutes) {
        return minutes(minutes, 1, LIFETIME);
    }

    /** What is wrong with a reminder lead of {@code minutes} (0: no reminder), if anything. */
    public static Optional<String> reminderLeadMinutes(long minutes) {
        return minutes(minutes, 0, REMINDER_LEAD);
    }

    /** What is wrong with switching the cleanup of the realm {@code realmName} to {@code enabled}, if anything. */
    public static Optional<String> enabledInRealm(String realmName, boolean enabled) {
        return enabled && Config.getAdminRealm().equals(realmName) ? Optional.of(NEVER_FOR_MASTER) : Optional.empty();
    }

    /**
     * Minutes stored as text (a realm attribute, which Keycloak's own admin API lets anyone set to anything) judged by
     * {@code rule}: no text is no value of the realm's own; text that is no whole number, or breaks the rule, is
     * ignored with the rule's own words.
     */
    public static StoredMinutes storedMinutes(String text, LongFunction<Optional<String>> rule) {
        if (text == null || text.isBlank()) {
            return new StoredMinutes(text, Optional.empty(), Optional.empty());
        }
        long minutes;
        try {
            minutes = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            minutes = -1; // no whole number: below every rule's minimum, refused in the rule's own words
        }
        Optional<String> breach = rule.apply(minutes);
        return breach.isPresent()
                ? new StoredMinutes(text, Optional.empty(), breach)
                : new StoredMinutes(text, Optional.of(minutes), Optional.empty());
    }

    /** Stored minutes as read: {@code minutes} the value in force, {@code breach} why the stored text is ignored. */
    public record StoredMinutes(String text, Optional<Long> minutes, Optional<String> breach) {}

    /** A switch written as text: {@code true} or {@code false}, in any case, around blanks. */
    static boolean isTrueOrFalse(String text) {
        String value = text.trim();
        return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
    }

    private static Optional<String> minutes(long minutes, long minimum, String rule) {
        if (minutes < minimum) {
            return Optional.of(rule);
        }
        return minutes > MAX_MINUTES ? Optional.of(TOO_LONG) : Optional.empty();
    }
}
