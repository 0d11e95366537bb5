package uz.coffeeshop.keycloak.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import uz.coffeeshop.keycloak.cleanup.CleanupRules;

/**
 * The cleanup's own rules ({@link CleanupRules}, shared with the server's options and the realm attributes) applied
 * to the JSON values of the settings an admin saves: minutes must be whole JSON numbers, switches JSON booleans.
 * Each rule answers the value it was given with the message of its breach, or nothing.
 */
final class CleanupSettingRules {

    private CleanupSettingRules() {}

    static Optional<String> lifetimeMinutes(JsonNode value) {
        return wholeNumber(value).map(CleanupRules::lifetimeMinutes).orElse(Optional.of(CleanupRules.LIFETIME));
    }

    static Optional<String> reminderLeadMinutes(JsonNode value) {
        return wholeNumber(value)
                .map(CleanupRules::reminderLeadMinutes)
                .orElse(Optional.of(CleanupRules.REMINDER_LEAD));
    }

    static Optional<String> trueOrFalse(JsonNode value) {
        return value.isBoolean() ? Optional.empty() : Optional.of(CleanupRules.TRUE_OR_FALSE);
    }

    private static Optional<Long> wholeNumber(JsonNode value) {
        return value.isIntegralNumber() && value.canConvertToLong() ? Optional.of(value.longValue()) : Optional.empty();
    }
}
