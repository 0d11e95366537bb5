package uz.coffeeshop.gateway.security;

import uz.coffeeshop.gateway.door.ApiRules;

/** Whether a caller may do what a rule of the API table guards: the verdict and, when refused, why. */
final class AccessPolicy {

    enum Outcome {
        GRANTED,
        /** No valid token: 401. */
        UNAUTHENTICATED,
        /** A valid token without what the rule needs: 403. */
        FORBIDDEN
    }

    record Verdict(Outcome outcome, String detail) {

        static final Verdict GRANTED = new Verdict(Outcome.GRANTED, null);
        static final Verdict UNAUTHENTICATED = new Verdict(Outcome.UNAUTHENTICATED, "This needs an access token.");
    }

    private AccessPolicy() {}

    /** {@code caller}: {@code null} when no token was sent. */
    static Verdict judge(ApiRules.Rule rule, Caller caller) {
        if (rule.access() == ApiRules.Access.OPEN) {
            return Verdict.GRANTED;
        }
        if (caller == null) {
            return Verdict.UNAUTHENTICATED;
        }
        if (rule.access() == ApiRules.Access.VERIFIED_USER) {
            if (!caller.has(KeycloakAuthorities.ROLE_PREFIX + "user")) {
                return new Verdict(Outcome.FORBIDDEN, "This needs the role 'user'.");
            }
            if (!caller.emailVerified()) {
                return new Verdict(
                        Outcome.FORBIDDEN,
                        "Your e-mail address is not verified yet: open the link in the verification e-mail "
                                + "(POST /api/auth/verification-email sends a new one), then log in again.");
            }
            return Verdict.GRANTED;
        }
        return caller.has(rule.permission())
                ? Verdict.GRANTED
                : new Verdict(Outcome.FORBIDDEN, "This needs the permission '" + rule.permission() + "'.");
    }
}
