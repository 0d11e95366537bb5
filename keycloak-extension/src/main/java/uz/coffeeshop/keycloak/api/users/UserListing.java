package uz.coffeeshop.keycloak.api.users;

import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import uz.coffeeshop.keycloak.api.representation.UserJson;
import uz.coffeeshop.keycloak.api.representation.UserPage;
import uz.coffeeshop.keycloak.web.problem.Problem;
import uz.coffeeshop.keycloak.web.problem.Problem.FieldError;

/**
 * {@code GET /users?first=&max=&search=&emailVerified=&role=}: a page of users and the total that matches.
 * {@code max} defaults to {@value #DEFAULT_MAX} and is capped at {@value #MAX_MAX}. {@code search} matches part of
 * the e-mail, username, first or last name (Keycloak's user search, as infix). Service accounts are never listed.
 *
 * <p>Without {@code role} the page and the count come from the database. With it, the matching users are
 * filtered by their effective roles in memory (the {@code user} role comes through the default-roles composite,
 * which no query reaches), which is linear in the matching users: fine for a shop, named here so it is known.
 */
final class UserListing {

    static final int DEFAULT_MAX = 20;
    static final int MAX_MAX = 100;

    private final KeycloakSession session;
    private final RealmModel realm;

    UserListing(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    Response list(String firstParam, String maxParam, String search, String emailVerified, String roleName) {
        List<FieldError> errors = new ArrayList<>();
        int first = integer("first", firstParam, 0, 0, Integer.MAX_VALUE, errors);
        int max = Math.min(integer("max", maxParam, DEFAULT_MAX, 1, Integer.MAX_VALUE, errors), MAX_MAX);
        if (search != null && search.length() > 255) {
            errors.add(new FieldError("search", "At most 255 characters."));
        }
        if (emailVerified != null && !emailVerified.equals("true") && !emailVerified.equals("false")) {
            errors.add(new FieldError("emailVerified", "Must be true or false."));
        }
        if (roleName != null && !UserJson.ROLES.contains(roleName)) {
            errors.add(new FieldError("role", "Must be one of " + String.join(", ", UserJson.ROLES) + "."));
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }

        Map<String, String> query = new HashMap<>();
        query.put(UserModel.INCLUDE_SERVICE_ACCOUNT, "false");
        if (search != null && !search.isBlank()) {
            query.put(UserModel.SEARCH, "*" + search.trim() + "*");
        }
        if (emailVerified != null) {
            query.put(UserModel.EMAIL_VERIFIED, emailVerified);
        }

        List<UserModel> page;
        long total;
        if (roleName == null) {
            page = session.users().searchForUserStream(realm, query, first, max).toList();
            total = session.users().getUsersCount(realm, query);
        } else {
            RoleModel role = realm.getRole(roleName);
            List<UserModel> all = role == null
                    ? List.of()
                    : session.users()
                            .searchForUserStream(realm, query)
                            .filter(user -> user.hasRole(role))
                            .toList();
            total = all.size();
            page = all.stream().skip(first).limit(max).toList();
        }

        return Json.ok(
                new UserPage(page.stream().map(user -> UserJson.of(realm, user)).toList(), total, first, max));
    }

    private static int integer(String name, String value, int fallback, int min, int max, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                errors.add(new FieldError(name, "Must be at least " + min + "."));
                return fallback;
            }
            return parsed;
        } catch (NumberFormatException e) {
            errors.add(new FieldError(name, "Must be a whole number."));
            return fallback;
        }
    }
}
