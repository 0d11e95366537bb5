package uz.coffeeshop.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keycloak's own admin REST API as the master realm's bootstrap admin: how tests arrange users and roles
 * without going through the code under test.
 */
public final class KeycloakAdmin {

    private final KeycloakNode keycloak;
    private final String realm;

    public KeycloakAdmin(KeycloakNode keycloak, String realm) {
        this.keycloak = keycloak;
        this.realm = realm;
    }

    /** A fresh admin token each time: tests are short, and a cached one would expire under a slow machine. */
    public String token() {
        return Tokens.loginMaster(keycloak, CoffeeStack.MASTER_ADMIN, CoffeeStack.MASTER_ADMIN_PASSWORD);
    }

    /** Creates an enabled user with a password; returns its id. */
    public String createUser(String email, String password, boolean emailVerified, Map<String, Object> extra) {
        Map<String, Object> user = new HashMap<>(extra);
        user.put("username", email);
        user.put("email", email);
        user.put("enabled", true);
        user.put("emailVerified", emailVerified);
        user.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        Http.Response response = send("POST", "/users", user);
        if (response.status() != 201) {
            throw new AssertionError("could not create " + email + ": " + response);
        }
        String location = response.header("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    public String createUser(String email, String password, boolean emailVerified) {
        return createUser(email, password, emailVerified, Map.of());
    }

    /** An unverified account that waits for its verification, as a sign-up leaves it (verify-e-mail pending). */
    public String createUserAwaitingVerification(String email, String password) {
        return createUser(email, password, false, Map.of("requiredActions", List.of("VERIFY_EMAIL")));
    }

    public void assignRealmRole(String userId, String role) {
        JsonNode representation = send("GET", "/roles/" + role, null).json();
        Http.Response response = send("POST", "/users/" + userId + "/role-mappings/realm", List.of(representation));
        if (response.status() != 204) {
            throw new AssertionError("could not give " + role + " to " + userId + ": " + response);
        }
    }

    public JsonNode user(String userId) {
        return send("GET", "/users/" + userId, null).json();
    }

    /** A request to {@code /admin/realms/{realm}{path}} with a JSON body (or none). */
    public Http.Response send(String method, String path, Object body) {
        return send(method, path, body, token());
    }

    /** The same with an admin token the caller holds (a load test reuses one instead of logging in per call). */
    public Http.Response send(String method, String path, Object body, String adminToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(adminUrl(path))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : Http.jsonBody(body));
        return Http.send(request);
    }

    private URI adminUrl(String path) {
        return keycloak.baseUrl().resolve("/admin/realms/" + realm + path);
    }
}
