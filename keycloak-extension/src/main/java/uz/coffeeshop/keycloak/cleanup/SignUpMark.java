package uz.coffeeshop.keycloak.cleanup;

import java.time.Instant;
import java.util.Optional;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Marks the accounts that signed themselves up, the only ones the cleanup may ever delete: the user attribute
 * {@value #ATTRIBUTE} holds the sign-up instant, from which the deadline counts.
 *
 * <p>Written on Keycloak's {@code REGISTER} event, which both doors emit in the transaction that creates the user
 * (the registration form's {@code RegistrationUserCreation}, the sign-up API's {@code SignUp}); event listeners run
 * synchronously inside it ({@code EventBuilder.send}), so a user never exists without the mark it should have. A
 * {@code REGISTER} of a brokered first login ({@code IdentityBrokerService.afterFirstBrokerLogin}, token exchange)
 * carries the {@code identity_provider} detail and marks nothing, nor does one of a federated (LDAP) user. Called by
 * the global {@link CleanupEvents}.
 *
 * <p>Users cannot see or change the attribute: the realm's user profile does not declare it and unmanaged
 * attributes are off, so the account console, the account API and the registration form ignore it.
 */
final class SignUpMark {

    static final String ATTRIBUTE = "coffee.cleanup.signedUpAt";

    private SignUpMark() {}

    /** The sign-up instant of the user, empty for an account that did not sign itself up. */
    static Optional<Instant> of(UserModel user) {
        return UserFacts.epochMillis(user.getFirstAttribute(ATTRIBUTE));
    }

    /** Marks {@code user} as signed up at its creation. */
    static void mark(UserModel user) {
        long created = user.getCreatedTimestamp() == null ? Time.currentTimeMillis() : user.getCreatedTimestamp();
        user.setSingleAttribute(ATTRIBUTE, String.valueOf(created));
    }

    /** On a {@code REGISTER} of a local account that signed itself up: the mark. */
    static void onEvent(KeycloakSession session, Event event) {
        if (event.getType() != EventType.REGISTER
                || (event.getDetails() != null && event.getDetails().get(Details.IDENTITY_PROVIDER) != null)) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, event.getUserId());
        if (user == null
                || user.getFederationLink() != null
                || user.getServiceAccountClientLink() != null
                || user.getFirstAttribute(ATTRIBUTE) != null
                || session.users()
                        .getFederatedIdentitiesStream(realm, user)
                        .findAny()
                        .isPresent()) {
            return;
        }
        mark(user);
    }
}
