package uz.coffeeshop.keycloak.cleanup;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * What the cleanup knows about one user: when the user signed up (the {@link SignUpMark}, empty for every account
 * that did not sign itself up), when the reminder went, and which protecting facts hold. The rules that read them
 * are {@link NeverDeleteRule#IN_ORDER}.
 */
record UserFacts(String id, Optional<Instant> signedUpAt, Optional<Instant> remindedAt, Set<Fact> facts) {

    /** The realm role whose holders are never deleted, however they hold it (composites and groups included). */
    static final String ADMIN_ROLE = "admin";

    /** A fact that, when it holds, protects the user from deletion (see {@link NeverDeleteRule}). */
    enum Fact {
        EVER_VERIFIED,
        SERVICE_ACCOUNT,
        FEDERATED,
        IDENTITY_PROVIDER_LINK,
        EXEMPT,
        ADMIN
    }

    UserFacts {
        facts = facts.isEmpty() ? EnumSet.noneOf(Fact.class) : EnumSet.copyOf(facts);
    }

    boolean has(Fact fact) {
        return facts.contains(fact);
    }

    /** The facts from the user model, admin roles included (composites and groups): for one user's deadline. */
    static UserFacts of(KeycloakSession session, RealmModel realm, UserModel user) {
        Set<Fact> facts = EnumSet.noneOf(Fact.class);
        if (user.isEmailVerified() || user.getFirstAttribute(EverVerifiedMarker.ATTRIBUTE) != null) {
            facts.add(Fact.EVER_VERIFIED);
        }
        if (user.getServiceAccountClientLink() != null) {
            facts.add(Fact.SERVICE_ACCOUNT);
        }
        if (user.getFederationLink() != null) {
            facts.add(Fact.FEDERATED);
        }
        if (session.users().getFederatedIdentitiesStream(realm, user).findAny().isPresent()) {
            facts.add(Fact.IDENTITY_PROVIDER_LINK);
        }
        if ("true".equalsIgnoreCase(user.getFirstAttribute(DeletionCandidates.EXEMPT_ATTRIBUTE))) {
            facts.add(Fact.EXEMPT);
        }
        if (holdsAdmin(realm, user)) {
            facts.add(Fact.ADMIN);
        }
        return new UserFacts(
                user.getId(),
                SignUpMark.of(user),
                epochMillis(user.getFirstAttribute(VerificationReminder.SENT_ATTRIBUTE)),
                facts);
    }

    private static boolean holdsAdmin(RealmModel realm, UserModel user) {
        RoleModel admin = realm.getRole(ADMIN_ROLE);
        return admin != null && user.hasRole(admin);
    }

    static Optional<Instant> epochMillis(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(text.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
