package uz.coffeeshop.keycloak.api.signup;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import uz.coffeeshop.keycloak.api.representation.Accepted;
import uz.coffeeshop.keycloak.api.representation.JsonText;

/** The one 202 of an endpoint that must not tell whether an address has an account: same status, same body. */
final class SameAnswer {

    private SameAnswer() {}

    static Response with(String message) {
        return Response.accepted(JsonText.of(Accepted.because(message)))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
