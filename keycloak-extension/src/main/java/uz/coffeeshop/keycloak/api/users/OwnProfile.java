package uz.coffeeshop.keycloak.api.users;

import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.authentication.requiredactions.UpdateEmail;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;
import uz.coffeeshop.keycloak.api.RateLimited;
import uz.coffeeshop.keycloak.api.mail.ApiMail;
import uz.coffeeshop.keycloak.api.representation.MePatch;
import uz.coffeeshop.keycloak.limits.LimitedAction;
import uz.coffeeshop.keycloak.web.auth.ApiCaller;
import uz.coffeeshop.keycloak.web.auth.RecentLogin;
import uz.coffeeshop.keycloak.web.problem.KeycloakMessages;
import uz.coffeeshop.keycloak.web.problem.Problem;
import uz.coffeeshop.keycloak.web.problem.ProfileErrors;
import uz.coffeeshop.keycloak.web.request.JsonBody;

/**
 * {@code /users/me}. A user may change only {@code firstName}, {@code lastName} and {@code email}; any other field
 * (roles, emailVerified, id, createdAt, ...) is a 400 naming it, so nobody grants themselves anything.
 *
 * <p>A new e-mail works like Keycloak's update-e-mail flow (so the realm's "Update Email" required action must be
 * on; without it the change is refused with a 409): it is validated in the {@code UPDATE_EMAIL} profile
 * context, kept as the pending address ({@link UserModel#EMAIL_PENDING}) and confirmed by a link sent to it (an
 * {@code UpdateEmailActionToken}, handled by Keycloak). Until the link is opened the account keeps its verified
 * address, so it can log in as before and never becomes a candidate of the unverified-user cleanup.
 *
 * <p>An e-mail change and the deletion need a recent login ({@link RecentLoginPolicy}); the old address gets a notice
 * of the change; e-mail changes count against the extension's limits per client IP and per new address.
 */
final class OwnProfile {

    private static final Set<String> FIELDS = Set.of("firstName", "lastName", "email");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ApiCaller caller;

    OwnProfile(KeycloakSession session, ApiCaller caller) {
        this.session = session;
        this.realm = caller.realm();
        this.caller = caller;
    }

    Response get() {
        return Json.user(realm, caller.user());
    }

    Response patch(String contentType, InputStream body) {
        UserModel user = caller.user();
        MePatch patch = read(contentType, body);
        Optional<String> firstName = patch.firstName();
        Optional<String> lastName = patch.lastName();
        Optional<String> email = patch.email();

        KeycloakMessages messages = KeycloakMessages.of(session);
        ProfileErrors errors = new ProfileErrors(messages, realm);
        UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);

        UserProfile names = null;
        if (patch.gives("firstName") || patch.gives("lastName")) {
            Map<String, List<String>> attributes = new HashMap<>();
            attributes.put(UserModel.USERNAME, List.of(user.getUsername()));
            attributes.put(UserModel.EMAIL, List.of(user.getEmail()));
            attributes.put(
                    UserModel.FIRST_NAME,
                    listOf(patch.gives("firstName") ? firstName.orElse("") : user.getFirstName()));
            attributes.put(
                    UserModel.LAST_NAME, listOf(patch.gives("lastName") ? lastName.orElse("") : user.getLastName()));
            names = profiles.create(UserProfileContext.ACCOUNT, attributes, user);
            try {
                names.validate();
            } catch (ValidationException e) {
                errors.add(e);
            }
        }

        String newEmail = email.filter(address -> !address.equalsIgnoreCase(user.getEmail()))
                .map(address -> address.toLowerCase(Locale.ROOT))
                .orElse(null);
        if (newEmail != null && !UpdateEmail.isEnabled(realm)) {
            // Without the realm's "Update Email" required action Keycloak treats the e-mail as read-only for
            // users (registrationEmailAsUsername without editUsernameAllowed) and its confirmation link would
            // change nothing: refuse plainly rather than pretend.
            throw Problem.of(
                            "email-change-unavailable",
                            Response.Status.CONFLICT,
                            "Changing the e-mail address needs the realm's 'Update Email' required action, which is"
                                    + " turned off.")
                    .withErrors(List.of(new Problem.FieldError("email", "Can't be changed in this realm.")))
                    .toException();
        }
        if (newEmail != null) {
            RecentLogin.require(caller, RecentLoginPolicy.maxAgeSeconds(realm));
            RateLimited.check(session, LimitedAction.EMAIL_CHANGE, newEmail);
            // As Keycloak's UpdateEmail.validateEmailUpdate: the profile's e-mail rules, duplicates included.
            Map<String, List<String>> attributes = new HashMap<>();
            attributes.put(UserModel.USERNAME, List.of(user.getUsername()));
            attributes.put(UserModel.EMAIL, List.of(newEmail));
            try {
                profiles.create(UserProfileContext.UPDATE_EMAIL, attributes, user)
                        .validate();
            } catch (ValidationException e) {
                errors.add(e);
            }
        }
        errors.throwIfErrors();
        if (errors.duplicate()) {
            throw ProfileErrors.emailTaken();
        }

        if (names != null) {
            names.update(false);
        }
        if (newEmail != null) {
            user.setSingleAttribute(UserModel.EMAIL_PENDING, newEmail);
            ApiMail mail = new ApiMail(session, realm);
            mail.sendUpdateEmail(user, newEmail);
            // The old address hears of it: if the token was stolen, its owner learns before the link is opened.
            mail.sendEmailChangeNotice(user, newEmail, false);
        }
        new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.UPDATE_PROFILE)
                .user(user)
                .detail(Details.CONTEXT, "coffee-api")
                .success();
        return Json.user(realm, user);
    }

    /** The body, or one 400 naming each field that breaks its rules (any field but the three among them). */
    private static MePatch read(String contentType, InputStream body) {
        JsonBody json = JsonBody.read(contentType, body).allowOnly(FIELDS);
        MePatch patch = new MePatch(
                FIELDS.stream().filter(json::has).collect(Collectors.toUnmodifiableSet()),
                json.string("firstName"),
                json.string("lastName"),
                json.has("email") ? json.emailAddress("email") : Optional.empty());
        json.validate();
        return patch;
    }

    /** Keycloak's own removal (sessions, consents, credentials and events go as Keycloak removes them). */
    Response delete() {
        UserModel user = caller.user();
        RecentLogin.require(caller, RecentLoginPolicy.maxAgeSeconds(realm));
        new AdminGuard(session, realm).refuseLastAdmin(user, "deleted");
        String id = user.getId();
        String username = user.getUsername();
        new UserManager(session).removeUser(realm, user);
        new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.DELETE_ACCOUNT)
                .user(id)
                .detail(Details.USERNAME, username)
                .success();
        return Response.noContent().build();
    }

    private static List<String> listOf(String value) {
        return value == null || value.isEmpty() ? List.of() : List.of(value);
    }
}
