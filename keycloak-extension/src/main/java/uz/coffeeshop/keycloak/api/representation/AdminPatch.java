package uz.coffeeshop.keycloak.api.representation;

import java.util.Optional;
import java.util.Set;

/**
 * The body of {@code PATCH /users/{id}}. A field left out changes nothing, a name sent as null clears it: so
 * {@code given} names the fields the body carries, and each value is empty when left out or null.
 */
public record AdminPatch(
        Set<String> given,
        Optional<String> firstName,
        Optional<String> lastName,
        Optional<String> email,
        Optional<Boolean> emailVerified,
        Optional<Boolean> enabled) {

    public boolean gives(String field) {
        return given.contains(field);
    }
}
