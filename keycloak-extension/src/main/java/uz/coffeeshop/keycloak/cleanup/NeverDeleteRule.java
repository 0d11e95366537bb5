package uz.coffeeshop.keycloak.cleanup;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import uz.coffeeshop.keycloak.cleanup.UserFacts.Fact;

/**
 * One "never deletes" rule: its name in the report and the metrics, and what it protects. {@link #IN_ORDER} is
 * the order of the README's list; the first rule that protects a user is the reason reported.
 *
 * <p>{@code fact} names the {@link Fact} a rule stands on, so that the candidate reader can count and leave out in SQL
 * the users the database already knows are protected, in the same order.
 *
 * <p>Candidacy is a positive fact ({@code notSignedUp} comes first): only an account that signed itself up carries
 * the {@link SignUpMark}; admin-created, imported, federated, brokered and older accounts never do, whatever
 * happens to their required actions later. VERIFY_EMAIL plays no part: anyone can have it added (a resend, a
 * first login in a realm that requires verification).
 */
record NeverDeleteRule(String key, Optional<Fact> fact, Predicate<UserFacts> protects) {

    static final List<NeverDeleteRule> IN_ORDER = List.of(
            new NeverDeleteRule(
                    "notSignedUp", Optional.empty(), user -> user.signedUpAt().isEmpty()),
            fact("everVerified", Fact.EVER_VERIFIED),
            fact("serviceAccount", Fact.SERVICE_ACCOUNT),
            fact("federated", Fact.FEDERATED),
            fact("identityProviderLink", Fact.IDENTITY_PROVIDER_LINK),
            fact("exempt", Fact.EXEMPT),
            fact("admin", Fact.ADMIN));

    /** The first rule that protects the user, if any. */
    static Optional<NeverDeleteRule> firstProtecting(UserFacts user) {
        return IN_ORDER.stream().filter(rule -> rule.protects.test(user)).findFirst();
    }

    private static NeverDeleteRule fact(String key, Fact fact) {
        return new NeverDeleteRule(key, Optional.of(fact), user -> user.has(fact));
    }
}
