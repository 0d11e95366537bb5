package uz.coffeeshop.keycloak.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.keycloak.models.RealmModel;
import uz.coffeeshop.keycloak.api.representation.CleanupSettings;
import uz.coffeeshop.keycloak.api.representation.CleanupState.IgnoredSetting;
import uz.coffeeshop.keycloak.cleanup.CleanupPolicy;
import uz.coffeeshop.keycloak.cleanup.CleanupRules;
import uz.coffeeshop.keycloak.web.request.JsonBody;

/**
 * A realm's own cleanup settings ({@link CleanupSettings}) as they rest in the realm's attributes, where the cleanup
 * reads them: read from the body of {@code PUT .../admin/cleanup/settings}, stored, and read back. A lifetime or
 * reminder lead of {@code null} means the server's option applies (the attribute is removed).
 * {@link CleanupPolicy#DRY_RUN_ATTRIBUTE} says whether the realm's scheduled runs only report.
 */
final class CleanupAttributes {

    static final String ENABLED = "enabled";
    static final String LIFETIME = "lifetimeMinutes";
    static final String REMINDER_LEAD = "reminderLeadMinutes";
    static final String DRY_RUN = "dryRun";
    private static final Set<String> FIELDS = Set.of(ENABLED, LIFETIME, REMINDER_LEAD, DRY_RUN);

    private CleanupAttributes() {}

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

    /**
     * What the realm's attributes hold now, as the cleanup reads them: null minutes where the server's option
     * applies, also for a value the cleanup ignores (see {@link #ignored}).
     */
    static CleanupSettings current(RealmModel realm, boolean serverDryRun) {
        return new CleanupSettings(
                CleanupPolicy.switchedOn(realm),
                MinutesSetting.LIFETIME.read(realm).minutes().orElse(null),
                MinutesSetting.REMINDER_LEAD.read(realm).minutes().orElse(null),
                CleanupPolicy.scheduledDryRun(realm, serverDryRun));
    }

    /**
     * The attributes the cleanup ignores because they break its rules: set around this API (Keycloak's own admin
     * API, a realm import), e.g. a lifetime of 0. Shown so the admin sees why the server's option applies instead.
     */
    static List<IgnoredSetting> ignored(RealmModel realm) {
        List<IgnoredSetting> ignored = new ArrayList<>();
        for (MinutesSetting setting : MinutesSetting.values()) {
            CleanupRules.StoredMinutes stored = setting.read(realm);
            stored.breach()
                    .ifPresent(message ->
                            ignored.add(new IgnoredSetting(setting.field, setting.attribute, stored.text(), message)));
        }
        return ignored;
    }

    static void store(CleanupSettings settings, RealmModel realm) {
        realm.setAttribute(CleanupPolicy.ENABLED_ATTRIBUTE, String.valueOf(settings.enabled()));
        set(realm, CleanupPolicy.LIFETIME_ATTRIBUTE, settings.lifetimeMinutes());
        set(realm, CleanupPolicy.REMINDER_LEAD_ATTRIBUTE, settings.reminderLeadMinutes());
        realm.setAttribute(CleanupPolicy.DRY_RUN_ATTRIBUTE, String.valueOf(settings.dryRun()));
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

    /** The minutes a realm keeps in its attributes, each read by the rule the cleanup applies to it. */
    enum MinutesSetting {
        LIFETIME(CleanupAttributes.LIFETIME, CleanupPolicy.LIFETIME_ATTRIBUTE, CleanupRules::lifetimeMinutes),
        REMINDER_LEAD(
                CleanupAttributes.REMINDER_LEAD,
                CleanupPolicy.REMINDER_LEAD_ATTRIBUTE,
                CleanupRules::reminderLeadMinutes);

        private final String field;
        private final String attribute;
        private final LongFunction<Optional<String>> rule;

        MinutesSetting(String field, String attribute, LongFunction<Optional<String>> rule) {
            this.field = field;
            this.attribute = attribute;
            this.rule = rule;
        }

        CleanupRules.StoredMinutes read(RealmModel realm) {
            return judge(realm.getAttribute(attribute));
        }

        /** The stored text judged as the cleanup judges it ({@link CleanupRules#storedMinutes}). */
        CleanupRules.StoredMinutes judge(String text) {
            return CleanupRules.storedMinutes(text, rule);
        }
    }
}
