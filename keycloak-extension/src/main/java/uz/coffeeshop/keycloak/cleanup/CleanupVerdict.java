package uz.coffeeshop.keycloak.cleanup;

import java.time.Instant;

/**
 * What the cleanup does with one never-verified user, from the facts alone: the order of the checks is the order
 * of the "never deletes" rules, so the first rule that protects a user is the reason reported.
 */
record CleanupVerdict(Action action, SkipReason reason, Instant deadline) {

    enum Action {
        DELETE,
        REMIND,
        WAIT,
        SKIP
    }

    enum SkipReason {
        EVER_VERIFIED("everVerified"),
        NO_VERIFY_EMAIL_PENDING("noVerifyEmailPending"),
        SERVICE_ACCOUNT("serviceAccount"),
        FEDERATED("federated"),
        IDENTITY_PROVIDER_LINK("identityProviderLink"),
        EXEMPT("exempt"),
        ADMIN("admin");

        private final String key;

        SkipReason(String key) {
            this.key = key;
        }

        /** The name in the report and the metric tag. */
        String key() {
            return key;
        }
    }

    static CleanupVerdict of(DeletionCandidates.Candidate user, boolean admin, CleanupPolicy policy, Instant now) {
        Instant deadline = policy.deadline(user.createdMillis());
        SkipReason reason = user.everVerified()
                ? SkipReason.EVER_VERIFIED
                : !user.verifyEmailPending()
                        ? SkipReason.NO_VERIFY_EMAIL_PENDING
                        : user.serviceAccount()
                                ? SkipReason.SERVICE_ACCOUNT
                                : user.federated()
                                        ? SkipReason.FEDERATED
                                        : user.identityProviderLink()
                                                ? SkipReason.IDENTITY_PROVIDER_LINK
                                                : user.exempt() ? SkipReason.EXEMPT : admin ? SkipReason.ADMIN : null;
        if (reason != null) {
            return new CleanupVerdict(Action.SKIP, reason, deadline);
        }
        if (!now.isBefore(deadline)) {
            return new CleanupVerdict(Action.DELETE, null, deadline);
        }
        if (policy.remindersOn() && !user.reminded() && !now.isBefore(policy.reminderAt(user.createdMillis()))) {
            return new CleanupVerdict(Action.REMIND, null, deadline);
        }
        return new CleanupVerdict(Action.WAIT, null, deadline);
    }
}
