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
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;
import uz.coffeeshop.keycloak.api.AdminEvents;
import uz.coffeeshop.keycloak.api.mail.ApiMail;
import uz.coffeeshop.keycloak.api.representation.AdminPatch;
import uz.coffeeshop.keycloak.api.representation.RoleChange;
import uz.coffeeshop.keycloak.api.representation.UserJson;
import uz.coffeeshop.keycloak.web.auth.ApiCaller;
import uz.coffeeshop.keycloak.web.problem.KeycloakMessages;
import uz.coffeeshop.keycloak.web.problem.Problem;
import uz.coffeeshop.keycloak.web.problem.ProfileErrors;
import uz.coffeeshop.keycloak.web.request.JsonBody;

/**
 * {@code /users/{id}} and {@code /users/{id}/role} for holders of the permissions. An id that is unknown, of
 * another realm, or of a service account is a 404 (the lookup is scoped to the token's realm). Changes are
 * recorded as admin events; {@link AdminGuard} keeps at least one admin; {@link PrivilegeRule} keeps a holder of one
 * permission from acting on users who hold more. An admin's change of a verified address tells the old address.
 */
final class UserAdmin {

    private static final Set<String> PATCH_FIELDS =
            Set.of("firstName", "lastName", "email", "emailVerified", "enabled");
    private static final Set<String> ROLE_VALUES = Set.of("user", "admin");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ApiCaller caller;
    private final AdminEvents adminEvents;
    private final AdminGuard guard;
    private final PrivilegeRule privileges;

    UserAdmin(KeycloakSession session, ApiCaller caller, AdminEvents adminEvents) {
        this.session = session;
        this.realm = caller.realm();
        this.caller = caller;
        this.adminEvents = adminEvents;
        this.guard = new AdminGuard(session, realm);
        this.privileges = new PrivilegeRule(realm);
    }

    Response get(String id) {
        return Json.user(realm, find(id));
    }

    /**
     * firstName, lastName, email (set at once: an admin vouches for it, and emailVerified stays as it is unless
     * given), emailVerified, enabled. Validated by the user profile in its admin ({@code USER_API}) context.
     */
    Response patch(String id, String contentType, InputStream body) {
        UserModel user = find(id);
        AdminPatch patch = readPatch(contentType, body);
        Optional<String> firstName = patch.firstName();
        Optional<String> lastName = patch.lastName();
        Optional<String> email = patch.email();
        Optional<Boolean> emailVerified = patch.emailVerified();
        Optional<Boolean> enabled = patch.enabled();
        privileges.requireCovers(caller, user);

        if (enabled.isPresent() && !enabled.get() && user.isEnabled()) {
            guard.refuseSelf(caller, user, "disable");
            guard.refuseLastAdmin(user, "disabled");
        }

        Map<String, List<String>> attributes = new HashMap<>(user.getAttributes());
        attributes.put(UserModel.USERNAME, List.of(user.getUsername()));
        if (patch.gives("firstName")) {
            attributes.put(UserModel.FIRST_NAME, firstName.map(List::of).orElse(List.of()));
        }
        if (patch.gives("lastName")) {
            attributes.put(UserModel.LAST_NAME, lastName.map(List::of).orElse(List.of()));
        }
        email.ifPresent(address -> {
            attributes.put(UserModel.EMAIL, List.of(address));
            if (realm.isRegistrationEmailAsUsername()) {
                attributes.put(UserModel.USERNAME, List.of(address));
            }
        });
        UserProfile profile =
                session.getProvider(UserProfileProvider.class).create(UserProfileContext.USER_API, attributes, user);
        ProfileErrors errors = new ProfileErrors(KeycloakMessages.of(session), realm);
        try {
            profile.validate();
        } catch (ValidationException e) {
            errors.add(e);
        }
        errors.throwIfErrors();
        if (errors.duplicate()) {
            throw ProfileErrors.emailTaken();
        }
        String oldEmail = user.getEmail();
        boolean notifyOldAddress = user.isEmailVerified()
                && oldEmail != null
                && email.filter(address -> !address.equalsIgnoreCase(oldEmail)).isPresent();
        if (notifyOldAddress) {
            // Sent before the change is stored, so it goes to the old address (its outbox row is in this transaction).
            new ApiMail(session, realm).sendEmailChangeNotice(user, email.get().toLowerCase(Locale.ROOT), true);
        }
        try {
            profile.update(false);
        } catch (ModelDuplicateException e) {
            session.getTransactionManager().setRollbackOnly();
            throw ProfileErrors.emailTaken();
        }
        emailVerified.ifPresent(verified -> {
            user.setEmailVerified(verified);
            if (verified) {
                user.removeRequiredAction(UserModel.RequiredAction.VERIFY_EMAIL);
            }
        });
        enabled.ifPresent(user::setEnabled);

        UserJson representation = UserJson.of(realm, user);
        adminEvents.record(OperationType.UPDATE, ResourceType.USER, representation, "users", id);
        return Json.ok(representation);
    }

    /** Keycloak's own removal; never the caller itself (that is {@code DELETE /users/me}) nor the last admin. */
    Response delete(String id) {
        UserModel user = find(id);
        privileges.requireCovers(caller, user);
        guard.refuseSelf(caller, user, "delete");
        guard.refuseLastAdmin(user, "deleted");
        new UserManager(session).removeUser(realm, user);
        adminEvents.record(OperationType.DELETE, ResourceType.USER, null, "users", id);
        return Response.noContent().build();
    }

    /**
     * {@code {"role":"admin"}} grants the realm role admin; {@code {"role":"user"}} takes it away (every account
     * keeps {@code user} through the realm's default roles).
     */
    Response setRole(String id, String contentType, InputStream body) {
        UserModel user = find(id);
        JsonBody json = JsonBody.read(contentType, body).allowOnly(Set.of("role"));
        RoleChange change = new RoleChange(json.oneOf("role", ROLE_VALUES).orElse(null));
        json.validate();
        String role = change.role();
        privileges.requireCovers(caller, user);

        RoleModel admin = realm.getRole(AdminGuard.ADMIN);
        if (admin == null) {
            throw Problem.of("no-admin-role", Response.Status.CONFLICT, "This realm has no role 'admin'.")
                    .toException();
        }
        if ("admin".equals(role)) {
            privileges.requireCanGrant(caller, admin);
            if (!user.hasRole(admin)) {
                user.grantRole(admin);
                adminEvents.record(
                        OperationType.CREATE,
                        ResourceType.REALM_ROLE_MAPPING,
                        List.of(AdminGuard.ADMIN),
                        "users",
                        id,
                        "role-mappings",
                        "realm");
            }
            return Json.user(realm, user);
        }
        if (user.hasRole(admin)) {
            guard.refuseSelf(caller, user, "remove the admin role from");
            guard.refuseLastAdmin(user, "demoted");
            user.deleteRoleMapping(admin);
            if (user.hasRole(admin)) {
                session.getTransactionManager().setRollbackOnly();
                throw Problem.of(
                                "role-from-group",
                                Response.Status.CONFLICT,
                                "This user is admin through a group: take it out of that group in the admin console.")
                        .toException();
            }
            adminEvents.record(
                    OperationType.DELETE,
                    ResourceType.REALM_ROLE_MAPPING,
                    List.of(AdminGuard.ADMIN),
                    "users",
                    id,
                    "role-mappings",
                    "realm");
        }
        return Json.user(realm, user);
    }

    /** The body, or one 400 naming each field that breaks its rules (any field but the five among them). */
    private static AdminPatch readPatch(String contentType, InputStream body) {
        JsonBody json = JsonBody.read(contentType, body).allowOnly(PATCH_FIELDS);
        AdminPatch patch = new AdminPatch(
                PATCH_FIELDS.stream().filter(json::has).collect(Collectors.toUnmodifiableSet()),
                json.string("firstName"),
                json.string("lastName"),
                json.has("email") ? json.emailAddress("email") : Optional.empty(),
                json.bool("emailVerified"),
                json.bool("enabled"));
        json.validate();
        return patch;
    }

    private UserModel find(String id) {
        UserModel user = id == null || id.length() > 64 ? null : session.users().getUserById(realm, id);
        if (user == null || user.getServiceAccountClientLink() != null) {
            throw Problem.of("not-found", Response.Status.NOT_FOUND, "There is no user with this id.")
                    .toException();
        }
        return user;
    }
}
