package uz.coffeeshop.keycloak.api.signup;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;
import uz.coffeeshop.keycloak.api.RateLimited;
import uz.coffeeshop.keycloak.api.mail.ApiMail;
import uz.coffeeshop.keycloak.api.representation.JsonText;
import uz.coffeeshop.keycloak.api.representation.SignUpRequest;
import uz.coffeeshop.keycloak.api.representation.UserJson;
import uz.coffeeshop.keycloak.limits.LimitedAction;
import uz.coffeeshop.keycloak.web.problem.KeycloakMessages;
import uz.coffeeshop.keycloak.web.problem.Problem;
import uz.coffeeshop.keycloak.web.problem.ProfileErrors;
import uz.coffeeshop.keycloak.web.request.JsonBody;

/**
 * {@code POST /auth/signup}. Validation is Keycloak's own: the realm's declarative user profile in its
 * {@code REGISTRATION} context (e-mail syntax and length, name rules, duplicate e-mail or username) and the
 * realm's password policy, exactly what the registration page applies.
 *
 * <p>Uniqueness under concurrency rests on the database, not on the check before the insert: Keycloak stores
 * e-mail and username lower-cased under unique constraints on (realm, username) and (realm, e-mail), and
 * {@code JpaUserProvider.addUser} flushes the insert at once; the loser of a race blocks on the index, then gets a
 * unique violation, which Keycloak turns into a {@link ModelDuplicateException}: a 409 here, with the request's
 * transaction rolled back.
 */
final class SignUp {

    private static final Logger LOG = Logger.getLogger(SignUp.class);
    private static final Set<String> FIELDS = Set.of("email", "password", "firstName", "lastName");
    static final String ACCEPTED_MESSAGE = "If this address can be used, a link to finish signing up is on its way:"
            + " open it to verify the address, then log in.";

    /**
     * In enumeration-safe mode both answers wait until this long after the request began: a free address writes the
     * account's rows, renders a template and queues a mail, a taken one hashes the password and maybe queues a
     * notice. The floor lies above a lone free sign-up on the 2-core build machine (EnumerationTimingIT prints both
     * medians).
     */
    static final Duration ENUMERATION_SAFE_FLOOR = Duration.ofMillis(600);

    private final KeycloakSession session;
    private final RealmModel realm;

    SignUp(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    Response handle(String contentType, InputStream body) {
        ResponseFloor floor = ResponseFloor.startingNow(ENUMERATION_SAFE_FLOOR);
        if (!realm.isRegistrationAllowed()) {
            throw Problem.of(
                            "registration-disabled", Response.Status.FORBIDDEN, "Sign-up is turned off for this realm.")
                    .toException();
        }
        SignUpRequest request = read(contentType, body);
        String email = request.email();
        String password = request.password();
        String firstName = request.firstName();
        String lastName = request.lastName();
        RateLimited.check(session, LimitedAction.SIGNUP, email);

        Map<String, List<String>> attributes = new HashMap<>();
        attributes.put(UserModel.EMAIL, List.of(email));
        attributes.put(UserModel.USERNAME, List.of(email));
        if (firstName != null) {
            attributes.put(UserModel.FIRST_NAME, List.of(firstName));
        }
        if (lastName != null) {
            attributes.put(UserModel.LAST_NAME, List.of(lastName));
        }
        UserProfile profile =
                session.getProvider(UserProfileProvider.class).create(UserProfileContext.REGISTRATION, attributes);
        ProfileErrors errors = new ProfileErrors(KeycloakMessages.of(session), realm);
        try {
            profile.validate();
        } catch (ValidationException e) {
            errors.add(e);
        }
        // As Keycloak's RegistrationPassword form action: the policy sees the username (here the e-mail).
        errors.add(
                "password",
                session.getProvider(PasswordPolicyManagerProvider.class).validate(email, password));
        errors.throwIfErrors();
        if (errors.duplicate()) {
            return taken(email, password, true, floor);
        }

        UserModel user;
        try {
            user = profile.create();
            user.setEnabled(true);
            user.credentialManager().updateCredential(UserCredentialModel.password(password, false));
            user.addRequiredAction(UserModel.RequiredAction.VERIFY_EMAIL);
        } catch (ModelDuplicateException e) {
            // Lost the race to a concurrent sign-up with the same address (see the class comment).
            session.getTransactionManager().setRollbackOnly();
            LOG.debugf("sign-up of a taken address lost the insert race in realm %s", realm.getName());
            // The failed insert aborted the database transaction: no lookup, no notice (the address's owner is the
            // one who just won the race and gets the verification mail).
            return taken(email, password, false, floor);
        } catch (ValidationException e) {
            session.getTransactionManager().setRollbackOnly();
            ProfileErrors late = new ProfileErrors(KeycloakMessages.of(session), realm).add(e);
            late.throwIfErrors();
            return taken(email, password, true, floor);
        } catch (ModelException e) {
            // The password policy with the user at hand (e.g. notEmail) refused the password.
            session.getTransactionManager().setRollbackOnly();
            throw Problem.validation(List.of(new Problem.FieldError(
                            "password", KeycloakMessages.of(session).format(e.getMessage(), e.getParameters()))))
                    .toException();
        }

        new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.REGISTER)
                .user(user)
                .detail(Details.USERNAME, user.getUsername())
                .detail(Details.EMAIL, user.getEmail())
                .detail(Details.REGISTER_METHOD, "coffee-api")
                .success();
        new ApiMail(session, realm).sendVerifyEmail(user);
        AddressCooldown.claim(session, realm, "verify", user.getEmail());

        if (EnumerationSafeMode.isOn(realm)) {
            floor.holdAnswer(session);
            return SameAnswer.with(ACCEPTED_MESSAGE);
        }
        URI location = session.getContext()
                .getUri()
                .getBaseUriBuilder()
                .path("realms")
                .path(realm.getName())
                .path("coffee")
                .path("users")
                .path(user.getId())
                .build();
        return Response.created(location)
                .entity(JsonText.of(UserJson.of(realm, user)))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** The body, or one 400 naming each field that breaks its rules. */
    private static SignUpRequest read(String contentType, InputStream body) {
        JsonBody json = JsonBody.read(contentType, body).allowOnly(FIELDS);
        SignUpRequest request = new SignUpRequest(
                json.emailAddress("email").orElse(null),
                json.requiredString("password").orElse(null),
                json.string("firstName").orElse(null),
                json.string("lastName").orElse(null));
        json.validate();
        return request;
    }

    /** The address has an account: 409, or in enumeration-safe mode the usual 202 and a notice to the owner. */
    private Response taken(String email, String password, boolean notifyOwner, ResponseFloor floor) {
        if (!EnumerationSafeMode.isOn(realm)) {
            throw ProfileErrors.emailTaken();
        }
        hashLikeANewAccount(password);
        UserModel owner = notifyOwner ? session.users().getUserByEmail(realm, email) : null;
        if (owner != null && AddressCooldown.claim(session, realm, "signup-notice", email)) {
            new ApiMail(session, realm)
                    .sendTemplate(
                            owner,
                            "coffeeSignupExistingSubject",
                            "coffee-signup-existing.ftl",
                            Map.of("email", owner.getEmail()));
        }
        floor.holdAnswer(session);
        return SameAnswer.with(ACCEPTED_MESSAGE);
    }

    /**
     * A new account costs a password hash; without one here, the time of the answer would tell a taken address
     * from a free one even though the body does not.
     */
    private void hashLikeANewAccount(String password) {
        try {
            PasswordHashProvider hash = session.getProvider(
                    PasswordHashProvider.class, realm.getPasswordPolicy().getHashAlgorithm());
            if (hash != null) {
                hash.encodedCredential(password, realm.getPasswordPolicy().getHashIterations());
            }
        } catch (RuntimeException e) {
            LOG.debugf(e, "dummy hash failed");
        }
    }
}
