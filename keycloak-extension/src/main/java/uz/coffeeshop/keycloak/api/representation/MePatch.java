package uz.coffeeshop.keycloak.api.representation;

import java.util.Optional;
import java.util.Set;

/**
 * The body of {@code PATCH /users/me}. A field left out changes nothing, a name sent as null clears it: so
 * {@code given} names the fields the body carries, and each value is empty when left out or null.
 */
public record MePatch(
        Set<String> given, Optional<String> firstName, Optional<String> lastName, Optional<String> email) {

    public boolean gives(String field) {
        return given.contains(field);
    }
}
