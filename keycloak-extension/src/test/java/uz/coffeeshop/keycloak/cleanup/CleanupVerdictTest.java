package uz.coffeeshop.keycloak.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;
import uz.coffeeshop.keycloak.cleanup.CleanupVerdict.Action;
import uz.coffeeshop.keycloak.cleanup.CleanupVerdict.SkipReason;
import uz.coffeeshop.keycloak.cleanup.DeletionCandidates.Candidate;

class CleanupVerdictTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Instant SWITCHED_ON = NOW.minus(Duration.ofDays(30));
    private static final CleanupOptions OPTIONS =
            CleanupOptions.parse(Map.of("lifetime-minutes", "60", "reminder-lead-minutes", "30")::get, name -> null);

    @Test
    void deletesANeverVerifiedUserPastTheDeadline() {
        assertThat(verdict(user(NOW.minus(Duration.ofMinutes(61))), false).action())
                .isEqualTo(Action.DELETE);
    }

    @Test
    void remindsInsideTheWindowButOnlyOnce() {
        Candidate inWindow = user(NOW.minus(Duration.ofMinutes(40)));

        assertThat(verdict(inWindow, false).action()).isEqualTo(Action.REMIND);
        assertThat(verdict(reminded(inWindow), false).action()).isEqualTo(Action.WAIT);
    }

    @Test
    void waitsBeforeTheReminderWindow() {
        assertThat(verdict(user(NOW.minus(Duration.ofMinutes(10))), false).action())
                .isEqualTo(Action.WAIT);
    }

    @Test
    void everyNeverDeletesRuleWinsOverTheDeadline() {
        Instant old = NOW.minus(Duration.ofDays(3));
        String id = "u";
        long created = old.toEpochMilli();
        assertThat(reason(new Candidate(id, created, false, false, false, false, true, true, false), false))
                .isEqualTo(SkipReason.EVER_VERIFIED);
        assertThat(reason(new Candidate(id, created, false, false, false, false, false, false, false), false))
                .isEqualTo(SkipReason.NO_VERIFY_EMAIL_PENDING);
        assertThat(reason(new Candidate(id, created, true, false, false, false, false, true, false), false))
                .isEqualTo(SkipReason.SERVICE_ACCOUNT);
        assertThat(reason(new Candidate(id, created, false, true, false, false, false, true, false), false))
                .isEqualTo(SkipReason.FEDERATED);
        assertThat(reason(new Candidate(id, created, false, false, true, false, false, true, false), false))
                .isEqualTo(SkipReason.IDENTITY_PROVIDER_LINK);
        assertThat(reason(new Candidate(id, created, false, false, false, true, false, true, false), false))
                .isEqualTo(SkipReason.EXEMPT);
        assertThat(reason(user(old), true)).isEqualTo(SkipReason.ADMIN);
    }

    @Test
    void deadlineOfAnAccountOlderThanTheSwitchOnCountsFromTheSwitchOn() {
        CleanupPolicy justSwitchedOn = policy(Map.of(
                "coffee.cleanup.enabled",
                "true",
                "coffee.cleanup.enabledSince",
                String.valueOf(NOW.minus(Duration.ofMinutes(5)).toEpochMilli())));
        Candidate yearOld = user(NOW.minus(Duration.ofDays(365)));

        CleanupVerdict verdict = CleanupVerdict.of(yearOld, false, justSwitchedOn, NOW);

        assertThat(verdict.action()).isNotEqualTo(Action.DELETE);
        assertThat(verdict.deadline()).isEqualTo(NOW.plus(Duration.ofMinutes(55)));
        assertThat(justSwitchedOn.createdNoLaterThan(NOW)).isEmpty();
    }

    @Test
    void masterNeverHasTheCleanupOn() {
        assertThat(CleanupPolicy.forRealm(realm("master", Map.of("coffee.cleanup.enabled", "true")), OPTIONS)
                        .enabled())
                .isFalse();
    }

    @Test
    void aRealmMayOverrideTheLifetimeAndAnUnreadableOverrideIsIgnored() {
        assertThat(policy(Map.of("coffee.cleanup.enabled", "true", "coffee.cleanup.lifetimeMinutes", "15"))
                        .lifetime())
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(policy(Map.of("coffee.cleanup.enabled", "true", "coffee.cleanup.lifetimeMinutes", "-1"))
                        .lifetime())
                .isEqualTo(Duration.ofMinutes(60));
    }

    private static SkipReason reason(Candidate candidate, boolean admin) {
        CleanupVerdict verdict = verdict(candidate, admin);
        assertThat(verdict.action()).isEqualTo(Action.SKIP);
        return verdict.reason();
    }

    private static CleanupVerdict verdict(Candidate candidate, boolean admin) {
        return CleanupVerdict.of(
                candidate,
                admin,
                policy(Map.of(
                        "coffee.cleanup.enabled",
                        "true",
                        "coffee.cleanup.enabledSince",
                        String.valueOf(SWITCHED_ON.toEpochMilli()))),
                NOW);
    }

    private static Candidate user(Instant created) {
        return new Candidate("u", created.toEpochMilli(), false, false, false, false, false, true, false);
    }

    private static Candidate reminded(Candidate c) {
        return new Candidate(
                c.id(), c.createdMillis(), false, false, false, false, false, c.verifyEmailPending(), true);
    }

    private static CleanupPolicy policy(Map<String, String> attributes) {
        return CleanupPolicy.forRealm(realm("shop", attributes), OPTIONS);
    }

    /** A realm that answers only its name and attributes: all the policy reads. */
    private static RealmModel realm(String name, Map<String, String> attributes) {
        Map<String, String> copy = new HashMap<>(attributes);
        return (RealmModel) Proxy.newProxyInstance(
                RealmModel.class.getClassLoader(),
                new Class<?>[] {RealmModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getName" -> name;
                    case "getAttribute" -> args.length == 1 ? copy.get((String) args[0]) : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
