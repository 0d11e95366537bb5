package uz.coffeeshop.keycloak.api.users;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import uz.coffeeshop.keycloak.api.representation.JsonText;
import uz.coffeeshop.keycloak.api.representation.UserJson;

/** 200 responses with a user or a page of users, written by {@link JsonText}. */
final class Json {

    private Json() {}

    static Response ok(Object body) {
        return Response.ok(JsonText.of(body), MediaType.APPLICATION_JSON_TYPE).build();
    }

    static Response user(RealmModel realm, UserModel user) {
        return ok(UserJson.of(realm, user));
    }
}
