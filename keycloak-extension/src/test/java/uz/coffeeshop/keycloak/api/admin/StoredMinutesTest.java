package uz.coffeeshop.keycloak.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uz.coffeeshop.keycloak.api.admin.CleanupAttributes.MinutesSetting;
import uz.coffeeshop.keycloak.cleanup.CleanupRules;

/** The realm attributes read as the cleanup reads them: what counts, what is ignored and why. */
class StoredMinutesTest {

    @Test
    void noTextIsNoValueOfTheRealmsOwnAndNothingIgnored() {
        CleanupRules.StoredMinutes stored = MinutesSetting.LIFETIME.judge(null);

        assertThat(stored.minutes()).isEmpty();
        assertThat(stored.breach()).isEmpty();
    }

    @Test
    void aLifetimeWithinTheRulesIsInForce() {
        CleanupRules.StoredMinutes stored = MinutesSetting.LIFETIME.judge(" 90 ");

        assertThat(stored.minutes()).contains(90L);
        assertThat(stored.breach()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "ten", "1.5"})
    void aLifetimeThatBreaksTheRuleIsIgnoredInTheRulesWords(String text) {
        CleanupRules.StoredMinutes stored = MinutesSetting.LIFETIME.judge(text);

        assertThat(stored.minutes()).isEmpty();
        assertThat(stored.breach()).contains("must be a whole number of minutes >= 1");
        assertThat(stored.text()).isEqualTo(text);
    }

    @Test
    void aReminderLeadOfZeroIsInForceAndMeansNoReminder() {
        assertThat(MinutesSetting.REMINDER_LEAD.judge("0").minutes()).contains(0L);
        assertThat(MinutesSetting.REMINDER_LEAD.judge("-1").breach())
                .contains("must be 0 (no reminder) or a whole number of minutes >= 1");
    }
}
