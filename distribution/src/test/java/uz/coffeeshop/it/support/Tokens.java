package uz.coffeeshop.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;

/** Tokens from the real Keycloak, the way API clients get them: the password grant of {@code coffee-cli}. */
public final class Tokens {

    public static final String CLI_CLIENT = "coffee-cli";

    private Tokens() {}

    /** The access, refresh and ID token of one login. */
    public record TokenSet(String accessToken, String refreshToken, String idToken) {}

    public static TokenSet login(KeycloakNode keycloak, String realm, String email, String password) {
        Http.Response response = passwordGrant(keycloak, realm, CLI_CLIENT, email, password);
        if (response.status() != 200) {
            throw new AssertionError("login of " + email + " failed: " + response);
        }
        JsonNode json = response.json();
        return new TokenSet(
                json.path("access_token").asText(),
                json.path("refresh_token").asText(),
                json.path("id_token").asText(null));
    }

    /**
     * The password grant of {@code clientId} in {@code realm}, answered as it is: the tests' one way to ask the
     * token endpoint for tokens (including those that must then be refused).
     */
    public static Http.Response passwordGrant(
            KeycloakNode keycloak, String realm, String clientId, String username, String password) {
        return Http.send(HttpRequest.newBuilder(tokenEndpoint(keycloak, realm))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(Http.form(
                        "grant_type", "password",
                        "client_id", clientId,
                        "scope", "openid",
                        "username", username,
                        "password", password)));
    }

    /** An access token of the master realm's admin, through Keycloak's own {@code admin-cli} client. */
    static String loginMaster(KeycloakNode keycloak, String username, String password) {
        Http.Response response = passwordGrant(keycloak, "master", "admin-cli", username, password);
        if (response.status() != 200) {
            throw new AssertionError("master admin login failed: " + response);
        }
        return response.json().path("access_token").asText();
    }

    public static URI tokenEndpoint(KeycloakNode keycloak, String realm) {
        return keycloak.baseUrl().resolve("/realms/" + realm + "/protocol/openid-connect/token");
    }
}
