package uz.coffeeshop.keycloak.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The rules a realm's cleanup settings must meet, with the messages of the server's own options ({@code
 * CleanupOptions}): the lifetime is a whole number of minutes of at least 1, the reminder lead one of at least 0 (0
 * sends none), the switches are booleans, and the cleanup is never on for {@code master}. Each rule answers the
 * value it was given with the message of its breach, or nothing. Kept apart from the resource so that the options'
 * parser and this can share one set of rules.
 */
final class CleanupSettingRules {

    /** Ten years: beyond that a deadline is no deadline, and the instants of the policy would overflow. */
    static final long MAX_MINUTES = 10L * 366 * 24 * 60;

    private CleanupSettingRules() {}

    static Optional<String> lifetimeMinutes(JsonNode value) {
        return minutes(value, 1, "must be a whole number of minutes >= 1");
    }

    static Optional<String> reminderLeadMinutes(JsonNode value) {
        return minutes(value, 0, "must be 0 (no reminder) or a whole number of minutes >= 1");
    }

    static Optional<String> trueOrFalse(JsonNode value) {
        return value.isBoolean() ? Optional.empty() : Optional.of("must be true or false");
    }

    static Optional<String> enabledInRealm(String realmName, boolean enabled) {
        return enabled && "master".equals(realmName)
                ? Optional.of("must be false: the cleanup never runs for the master realm")
                : Optional.empty();
    }

    private static Optional<String> minutes(JsonNode value, long minimum, String rule) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            return Optional.of(rule);
        }
        long minutes = value.longValue();
        if (minutes < minimum) {
            return Optional.of(rule);
        }
        if (minutes > MAX_MINUTES) {
            return Optional.of("must be at most " + MAX_MINUTES + " minutes (10 years)");
        }
        return Optional.empty();
    }
}
