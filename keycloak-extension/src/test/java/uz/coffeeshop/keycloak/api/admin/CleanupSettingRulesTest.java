package uz.coffeeshop.keycloak.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uz.coffeeshop.keycloak.cleanup.CleanupRules;

class CleanupSettingRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "15", "2880", "5270400"})
    void aLifetimeOfWholeMinutesFromOneIsAccepted(String value) throws Exception {
        assertThat(CleanupSettingRules.lifetimeMinutes(json(value))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "1.5", "\"15\"", "true", "99999999999999999999"})
    void aLifetimeOfAnythingElseIsRefusedAsTheServerOptionIs(String value) throws Exception {
        assertThat(CleanupSettingRules.lifetimeMinutes(json(value))).contains("must be a whole number of minutes >= 1");
    }

    @Test
    void aLifetimeBeyondTenYearsIsRefused() throws Exception {
        assertThat(CleanupSettingRules.lifetimeMinutes(json(String.valueOf(CleanupRules.MAX_MINUTES + 1))))
                .hasValueSatisfying(message -> assertThat(message).contains("at most"));
    }

    @Test
    void aReminderLeadOfZeroMeansNoReminderAndBelowIsRefused() throws Exception {
        assertThat(CleanupSettingRules.reminderLeadMinutes(json("0"))).isEmpty();
        assertThat(CleanupSettingRules.reminderLeadMinutes(json("-1")))
                .contains("must be 0 (no reminder) or a whole number of minutes >= 1");
    }

    @Test
    void switchesAreBooleans() throws Exception {
        assertThat(CleanupSettingRules.trueOrFalse(json("true"))).isEmpty();
        assertThat(CleanupSettingRules.trueOrFalse(json("\"true\""))).contains("must be true or false");
    }
}
