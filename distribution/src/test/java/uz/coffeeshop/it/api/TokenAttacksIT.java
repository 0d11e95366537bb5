package uz.coffeeshop.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static uz.coffeeshop.it.api.CoffeeApi.PASSWORD;
import static uz.coffeeshop.it.api.CoffeeApi.assertUnauthorized;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.Tokens;

/**
 * Tokens an attacker might try instead of a valid API access token: each is a 401 with
 * {@code WWW-Authenticate: Bearer error="invalid_token"}, checked by the extension itself (no gateway in front).
 */
@CoffeeStackTest
class TokenAttacksIT {

    @Test
    void aTokenOfAnotherRealmIsRefused(CoffeeStack stack) {
        CoffeeApi api = new CoffeeApi(stack);
        String realm = ShopRealm.create(stack, "other-realm");
        try {
            KeycloakAdmin admin = new KeycloakAdmin(stack.keycloak(), realm);
            String email = CoffeeApi.uniqueEmail("other-realm-admin");
            admin.assignRealmRole(admin.createUser(email, PASSWORD, true, ShopRealm.NAMES), "admin");
            String foreign =
                    Tokens.login(stack.keycloak(), realm, email, PASSWORD).accessToken();

            assertUnauthorized(api.get("/users", foreign));
            assertUnauthorized(api.get("/users/me", foreign));
        } finally {
            ShopRealm.delete(stack, realm);
        }
    }

    @Test
    void aTokenOfAnotherAudienceIsRefused(CoffeeStack stack) {
        CoffeeApi api = new CoffeeApi(stack);
        CoffeeApi.Account user = api.account("audience", false);
        // A client of the same realm without the coffee-api audience mapper: a valid token, not meant for the API.
        // (admin-cli, Keycloak's own, no longer takes passwords in this realm.)
        String clientId = "other-audience-" + System.nanoTime();
        String clientUuid = passwordGrantClient(api, clientId, Map.of());
        try {
            Http.Response login =
                    Tokens.passwordGrant(stack.keycloak(), CoffeeStack.REALM, clientId, user.email(), PASSWORD);
            assertThat(login.status()).as(login.toString()).isEqualTo(200);
            String otherAudience = login.json().path("access_token").asText();
            assertThat(claims(otherAudience).path("aud").toString()).doesNotContain("coffee-api");

            assertUnauthorized(api.get("/users/me", otherAudience));
        } finally {
            api.admin().send("DELETE", "/clients/" + clientUuid, null);
        }
    }

    @Test
    void anExpiredTokenIsRefused(CoffeeStack stack) {
        CoffeeApi api = new CoffeeApi(stack);
        CoffeeApi.Account user = api.account("expired", false);
        assertThat(api.get("/users/me", user.token()).status()).isEqualTo(200);
        long exp = claims(user.token()).path("exp").asLong();
        // Keycloak's clock just past the token's exp, instead of a wait of the token's lifespan (the extension checks
        // exp on that clock; straight to Keycloak, no gateway with its own clock in between).
        stack.clock().setAhead(Duration.ofSeconds(exp - Instant.now().getEpochSecond() + 2));
        try {
            assertUnauthorized(api.get("/users/me", user.token()));
        } finally {
            stack.clock().reset();
        }
    }

    @Test
    void aTamperedTokenIsRefused(CoffeeStack stack) throws Exception {
        CoffeeApi api = new CoffeeApi(stack);
        CoffeeApi.Account user = api.account("tampered", false);
        assertThat(api.get("/users/me", user.token()).status()).isEqualTo(200);
        String[] parts = user.token().split("\\.");
        ObjectNode payload = (ObjectNode) claims(user.token());
        payload.putObject("realm_access").putArray("roles").add("user").add("admin");

        String forged = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(Http.JSON.writeValueAsBytes(payload)) + "."
                + parts[2];
        String unsigned = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "."
                + parts[1] + ".";

        assertUnauthorized(api.get("/users/me", forged));
        assertUnauthorized(api.get("/users", forged));
        assertUnauthorized(api.get("/users/me", unsigned));
        assertUnauthorized(api.get("/users/me", "not-a-jwt"));
    }

    @Test
    void anIdTokenOrARefreshTokenIsNotAnAccessToken(CoffeeStack stack) {
        CoffeeApi api = new CoffeeApi(stack);
        CoffeeApi.Account user = api.account("token-types", false);
        assertThat(user.tokens().idToken()).isNotBlank();

        assertUnauthorized(api.get("/users/me", user.tokens().idToken()));
        assertUnauthorized(api.get("/users/me", user.tokens().refreshToken()));
    }

    /** A throw-away public client of the realm with the password grant on (and {@code extra} settings); its id. */
    private static String passwordGrantClient(CoffeeApi api, String clientId, Map<String, Object> extra) {
        Map<String, Object> client = new java.util.HashMap<>(extra);
        client.putAll(Map.of(
                "clientId",
                clientId,
                "publicClient",
                true,
                "standardFlowEnabled",
                false,
                "directAccessGrantsEnabled",
                true));
        Http.Response created = api.admin().send("POST", "/clients", client);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.header("Location").orElseThrow().replaceAll(".*/", "");
    }

    private static com.fasterxml.jackson.databind.JsonNode claims(String jwt) {
        try {
            return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
