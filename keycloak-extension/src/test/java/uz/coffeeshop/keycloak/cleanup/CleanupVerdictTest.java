package uz.coffeeshop.keycloak.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;
import uz.coffeeshop.keycloak.cleanup.CleanupVerdict.Action;
import uz.coffeeshop.keycloak.cleanup.UserFacts.Fact;

class CleanupVerdictTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Instant SWITCHED_ON = NOW.minus(Duration.ofDays(30));

    @Nested
    class WithAReminderThirtyMinutesBefore {

        private final CleanupPolicy policy = policy(60, 30, SWITCHED_ON);

        @Test
        void deletesAWarnedUserPastTheDeadline() {
            UserFacts user = signedUp(NOW.minus(Duration.ofMinutes(61)), NOW.minus(Duration.ofMinutes(31)));

            assertThat(CleanupVerdict.of(user, policy, NOW).action()).isEqualTo(Action.DELETE);
        }

        @Test
        void remindsInsideTheWindowButOnlyOnce() {
            Instant signedUp = NOW.minus(Duration.ofMinutes(40));

            assertThat(CleanupVerdict.of(signedUp(signedUp, null), policy, NOW).action())
                    .isEqualTo(Action.REMIND);
            assertThat(CleanupVerdict.of(signedUp(signedUp, NOW.minus(Duration.ofMinutes(5))), policy, NOW)
                            .action())
                    .isEqualTo(Action.WAIT);
        }

        @Test
        void waitsBeforeTheReminderWindow() {
            assertThat(CleanupVerdict.of(signedUp(NOW.minus(Duration.ofMinutes(10)), null), policy, NOW)
                            .action())
                    .isEqualTo(Action.WAIT);
        }

        @Test
        void remindsAnOverdueUserWhoWasNeverWarnedAndGivesItTheGrace() {
            CleanupVerdict verdict = CleanupVerdict.of(signedUp(NOW.minus(Duration.ofDays(2)), null), policy, NOW);

            assertThat(verdict.action()).isEqualTo(Action.REMIND);
            assertThat(verdict.deadline()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        }

        @Test
        void neverDeletesBeforeTheGraceAfterALateReminder() {
            UserFacts lateReminder = signedUp(NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofMinutes(29)));

            CleanupVerdict verdict = CleanupVerdict.of(lateReminder, policy, NOW);

            assertThat(verdict.action()).isEqualTo(Action.WAIT);
            assertThat(verdict.deadline()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
            assertThat(CleanupVerdict.of(lateReminder, policy, NOW.plus(Duration.ofMinutes(1)))
                            .action())
                    .isEqualTo(Action.DELETE);
        }
    }

    @Test
    void aLeadLongerThanTheLifetimeShowsTheDeadlineAnHourAfterTheReminderFromTheStart() {
        CleanupPolicy policy = policy(1, 1440, SWITCHED_ON);

        CleanupVerdict atSignUp = CleanupVerdict.of(signedUp(NOW, null), policy, NOW);

        assertThat(atSignUp.action()).isEqualTo(Action.REMIND);
        assertThat(atSignUp.deadline()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void withoutRemindersTheDeadlineIsSignUpPlusLifetime() {
        CleanupPolicy policy = policy(1, 0, SWITCHED_ON);

        assertThat(CleanupVerdict.of(signedUp(NOW, null), policy, NOW).deadline())
                .isEqualTo(NOW.plus(Duration.ofMinutes(1)));
        assertThat(CleanupVerdict.of(signedUp(NOW.minus(Duration.ofMinutes(1)), null), policy, NOW)
                        .action())
                .isEqualTo(Action.DELETE);
    }

    @Test
    void countsFromTheSwitchOnForAccountsOlderThanIt() {
        CleanupPolicy policy = policy(60, 0, NOW.minus(Duration.ofMinutes(10)));

        CleanupVerdict verdict = CleanupVerdict.of(signedUp(NOW.minus(Duration.ofDays(365)), null), policy, NOW);

        assertThat(verdict.action()).isEqualTo(Action.WAIT);
        assertThat(verdict.deadline()).isEqualTo(NOW.plus(Duration.ofMinutes(50)));
    }

    @Test
    void anAccountThatDidNotSignItselfUpIsNeverACandidate() {
        UserFacts adminCreated =
                new UserFacts("staff1", Optional.empty(), Optional.empty(), EnumSet.noneOf(Fact.class));

        CleanupVerdict verdict = CleanupVerdict.of(adminCreated, policy(1, 0, SWITCHED_ON), NOW);

        assertThat(verdict.action()).isEqualTo(Action.SKIP);
        assertThat(verdict.rule().key()).isEqualTo("notSignedUp");
    }

    @Test
    void theFirstProtectingRuleInTheReadmesOrderIsTheReason() {
        UserFacts user = new UserFacts(
                "u",
                Optional.of(NOW.minus(Duration.ofDays(2))),
                Optional.empty(),
                EnumSet.of(Fact.ADMIN, Fact.FEDERATED, Fact.EXEMPT));

        assertThat(CleanupVerdict.of(user, policy(60, 0, SWITCHED_ON), NOW)
                        .rule()
                        .key())
                .isEqualTo("federated");
        assertThat(NeverDeleteRule.IN_ORDER.stream().map(NeverDeleteRule::key))
                .containsExactly(
                        "notSignedUp",
                        "everVerified",
                        "serviceAccount",
                        "federated",
                        "identityProviderLink",
                        "exempt",
                        "admin");
    }

    @Test
    void nothingCanBeDueRightAfterTheSwitchOn() {
        CleanupPolicy policy = policy(60, 30, NOW.minus(Duration.ofMinutes(10)));

        assertThat(policy.createdNoLaterThan(NOW)).isEmpty();
        assertThat(policy.grace()).isEqualTo(Duration.ofMinutes(30));
        assertThat(policy(60, 1440, SWITCHED_ON).grace()).isEqualTo(Duration.ofHours(1));
    }

    private static UserFacts signedUp(Instant at, Instant remindedAt) {
        return new UserFacts("u", Optional.of(at), Optional.ofNullable(remindedAt), EnumSet.noneOf(Fact.class));
    }

    private static CleanupPolicy policy(long lifetimeMinutes, long leadMinutes, Instant switchedOn) {
        Map<String, String> attributes = Map.of(
                "coffee.cleanup.enabled", "true",
                "coffee.cleanup.lifetimeMinutes", String.valueOf(lifetimeMinutes),
                "coffee.cleanup.reminderLeadMinutes", String.valueOf(leadMinutes),
                "coffee.cleanup.enabledSince", String.valueOf(switchedOn.toEpochMilli()));
        return CleanupPolicy.of(realm(attributes), CleanupOptions.defaults(name -> null));
    }

    /** A realm that answers only its name and attributes: all the policy reads. */
    private static RealmModel realm(Map<String, String> attributes) {
        return (RealmModel) Proxy.newProxyInstance(
                RealmModel.class.getClassLoader(),
                new Class<?>[] {RealmModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getName" -> "shop";
                    case "getAttribute" -> args.length == 1 ? attributes.get((String) args[0]) : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
