package uz.coffeeshop.keycloak.cleanup;

import java.time.Instant;
import java.util.Optional;

/**
 * What the cleanup does with one user, from the facts alone. With reminders on, nobody is deleted who was not
 * reminded first and given {@link CleanupPolicy#grace()} since: an overdue user who never got the reminder (the
 * cleanup was down, or the lead is longer than the lifetime) is reminded now and gets a later deadline.
 */
record CleanupVerdict(Action action, NeverDeleteRule rule, Instant deadline) {

    enum Action {
        DELETE,
        REMIND,
        WAIT,
        SKIP
    }

    static CleanupVerdict of(UserFacts user, CleanupPolicy policy, Instant now) {
        Optional<NeverDeleteRule> protecting = NeverDeleteRule.firstProtecting(user);
        if (protecting.isPresent()) {
            return new CleanupVerdict(Action.SKIP, protecting.get(), null);
        }
        Instant signedUp = user.signedUpAt().orElseThrow();
        Instant deadline = policy.deadline(signedUp, user.remindedAt(), now);
        if (policy.remindersOn() && user.remindedAt().isEmpty()) {
            return new CleanupVerdict(
                    now.isBefore(policy.reminderAt(signedUp)) ? Action.WAIT : Action.REMIND, null, deadline);
        }
        return new CleanupVerdict(now.isBefore(deadline) ? Action.WAIT : Action.DELETE, null, deadline);
    }
}
