package uz.coffeeshop.keycloak.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.keycloak.models.RealmModel;
import uz.coffeeshop.keycloak.cleanup.CleanupPolicy;
import uz.coffeeshop.keycloak.cleanup.CleanupRules;
import uz.coffeeshop.keycloak.web.request.JsonBody;

/**
 * A realm's own cleanup settings, as the admin sets them with {@code PUT .../admin/cleanup/settings} and as they rest
 * in the realm's attributes, where the cleanup reads them. A lifetime or reminder lead of {@code null} means the
 * server's option applies (the attribute is removed). {@link CleanupPolicy#DRY_RUN_ATTRIBUTE} says whether the realm's scheduled
 * runs only report.
 */
record CleanupSettings(boolean enabled, Long lifetimeMinutes, Long reminderLeadMinutes, boolean dryRun) {

    static final String ENABLED = "enabled";
    static final String LIFETIME = "lifetimeMinutes";
    static final String REMINDER_LEAD = "reminderLeadMinutes";
    static final String DRY_RUN = "dryRun";
    private static final Set<String> FIELDS = Set.of(ENABLED, LIFETIME, REMINDER_LEAD, DRY_RUN);

    /** Reads the whole settings (every field required; the minutes may be null) or throws one 400 naming each field. */
    static CleanupSettings read(JsonBody body, RealmModel realm) {
        body.allowOnly(FIELDS);
        Boolean enabled = required(body, ENABLED, CleanupSettingRules::trueOrFalse, JsonNode::booleanValue, false);
        Long lifetime = required(body, LIFETIME, CleanupSettingRules::lifetimeMinutes, JsonNode::longValue, true);
        Long lead = required(body, REMINDER_LEAD, CleanupSettingRules::reminderLeadMinutes, JsonNode::longValue, true);
        Boolean dryRun = required(body, DRY_RUN, CleanupSettingRules::trueOrFalse, JsonNode::booleanValue, false);
        if (enabled != null) {
            CleanupRules.enabledInRealm(realm.getName(), enabled).ifPresent(e -> body.addError(ENABLED, e));
        }
        body.validate();
        return new CleanupSettings(enabled, lifetime, lead, dryRun);
    }

    /** What the realm's attributes hold now (null minutes: the server's option applies). */
    static CleanupSettings of(RealmModel realm, boolean serverDryRun) {
        return new CleanupSettings(
                CleanupPolicy.switchedOn(realm),
                wholeNumber(realm.getAttribute(CleanupPolicy.LIFETIME_ATTRIBUTE)),
                wholeNumber(realm.getAttribute(CleanupPolicy.REMINDER_LEAD_ATTRIBUTE)),
                CleanupPolicy.scheduledDryRun(realm, serverDryRun));
    }

    void applyTo(RealmModel realm) {
        realm.setAttribute(CleanupPolicy.ENABLED_ATTRIBUTE, String.valueOf(enabled));
        set(realm, CleanupPolicy.LIFETIME_ATTRIBUTE, lifetimeMinutes);
        set(realm, CleanupPolicy.REMINDER_LEAD_ATTRIBUTE, reminderLeadMinutes);
        realm.setAttribute(CleanupPolicy.DRY_RUN_ATTRIBUTE, String.valueOf(dryRun));
    }

    Map<String, Object> json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(ENABLED, enabled);
        body.put(LIFETIME, lifetimeMinutes);
        body.put(REMINDER_LEAD, reminderLeadMinutes);
        body.put(DRY_RUN, dryRun);
        return body;
    }

    private static <T> T required(
            JsonBody body,
            String field,
            Function<JsonNode, Optional<String>> rule,
            Function<JsonNode, T> value,
            boolean nullable) {
        JsonNode node = body.value(field);
        if (node.isMissingNode() || (node.isNull() && !nullable)) {
            body.addError(field, "Required.");
            return null;
        }
        if (node.isNull()) {
            return null;
        }
        Optional<String> error = rule.apply(node);
        error.ifPresent(message -> body.addError(field, message));
        return error.isPresent() ? null : value.apply(node);
    }

    private static void set(RealmModel realm, String attribute, Long minutes) {
        if (minutes == null) {
            realm.removeAttribute(attribute);
        } else {
            realm.setAttribute(attribute, String.valueOf(minutes));
        }
    }

    private static Long wholeNumber(String text) {
        try {
            return text == null || text.isBlank() ? null : Long.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null; // the cleanup ignores it as well and takes the server's option
        }
    }
}
