package uz.coffeeshop.keycloak.api.signup;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import uz.coffeeshop.keycloak.api.representation.UserJson;

/** The one 202 body of an endpoint that must not tell whether an address has an account. */
final class Accepted {

    private Accepted() {}

    static Response with(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "accepted");
        body.put("message", message);
        return Response.accepted(UserJson.write(body))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
