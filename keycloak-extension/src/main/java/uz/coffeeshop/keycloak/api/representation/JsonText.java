package uz.coffeeshop.keycloak.api.representation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes the bodies whose bytes the API promises (users, pages of users, the 202 of the open endpoints) with our own
 * mapper, so their shape (nulls written, fields in record order) does not depend on how Keycloak configures its JSON
 * provider.
 */
public final class JsonText {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonText() {}

    public static String of(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
