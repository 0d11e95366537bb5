package uz.coffeeshop.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static uz.coffeeshop.it.gateway.GatewayAnswers.assertPassedTheDoor;
import static uz.coffeeshop.it.gateway.GatewayAnswers.assertUnauthorized;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.Tokens;

/**
 * The gateway checks access tokens itself, against the real realm's keys: every forgery and every token that is
 * not an access token for this API is a 401 problem with an RFC 6750 challenge, before anything reaches Keycloak.
 * Each forged token differs from an accepted one in exactly one thing, and the accepted one is tried too.
 */
@CoffeeStackTest
class TokenAttacksIT {

    private static final String PASSWORD = "a long enough password";

    @Test
    void forgedTokenWithEveryClaimRightPassesSoTheRefusalsBelowAreAboutTheirOneClaim(CoffeeStack stack) {
        ForgedTokens forger = ForgedTokens.registeredWith(stack.keycloak(), CoffeeStack.REALM);

        assertPassedTheDoor(me(stack, ForgedTokens.awaitAccepted(stack, forger)));
    }

    @Test
    void tokensWithOneBadClaimAreRefused(CoffeeStack stack) {
        ForgedTokens forger = ForgedTokens.registeredWith(stack.keycloak(), CoffeeStack.REALM);
        ForgedTokens.awaitAccepted(stack, forger);
        long now = Instant.now().getEpochSecond();
        Map<String, Map<String, Object>> attacks = Map.of(
                "wrong issuer", with(stack, "iss", "http://evil.example/realms/coffee-shop"),
                "other realm's issuer",
                        with(stack, "iss", stack.keycloak().realmUrl("master").toString()),
                "wrong audience", with(stack, "aud", java.util.List.of("account")),
                "expired", expired(stack, now),
                "not yet valid", with(stack, "nbf", now + 120),
                "without exp", without(stack, "exp"),
                "ID token type", with(stack, "typ", "ID"),
                "refresh token type", with(stack, "typ", "Refresh"),
                "without typ", without(stack, "typ"));

        attacks.forEach((attack, claims) -> {
            Http.Response response = me(stack, forger.sign(claims));
            assertThat(response.status()).as(attack + ": " + response).isEqualTo(401);
            assertUnauthorized(response, true);
        });
    }

    @Test
    void expiredTokenIsSaidToBeExpired(CoffeeStack stack) {
        ForgedTokens forger = ForgedTokens.registeredWith(stack.keycloak(), CoffeeStack.REALM);
        ForgedTokens.awaitAccepted(stack, forger);

        Http.Response response =
                me(stack, forger.sign(expired(stack, Instant.now().getEpochSecond())));

        assertUnauthorized(response, true);
        assertThat(response.json().path("detail").asText()).contains("expired");
    }

    @Test
    void algNoneIsRefused(CoffeeStack stack) {
        String real = login(stack).accessToken();
        String unsigned = ForgedTokens.part(Map.of("alg", "none", "typ", "JWT")) + "." + real.split("\\.")[1] + ".";

        assertUnauthorized(me(stack, unsigned), true);
    }

    @Test
    void hs256SignedWithTheRealmsPublicKeyIsRefused(CoffeeStack stack) {
        String real = login(stack).accessToken();
        JsonNode header = header(real);
        JsonNode realmKey = realmKey(stack, header.path("kid").asText());
        byte[] der = ForgedTokens.publicKeyDer(realmKey);
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
        Map<String, Object> hs256 =
                Map.of("alg", "HS256", "typ", "JWT", "kid", header.path("kid").asText());

        for (byte[] secret : new byte[][] {der, pem.getBytes(StandardCharsets.US_ASCII)}) {
            assertUnauthorized(me(stack, ForgedTokens.signHs256(hs256, real.split("\\.")[1], secret)), true);
        }
    }

    @Test
    void tokenSignedByAnUnknownKeyIsRefused(CoffeeStack stack) {
        ForgedTokens stranger = ForgedTokens.unknownKey();

        assertUnauthorized(me(stack, stranger.sign(ForgedTokens.goodClaims(stack.keycloak()))), true);
    }

    @Test
    void tamperedPayloadIsRefused(CoffeeStack stack) {
        String real = login(stack).accessToken();
        Map<String, Object> claims = ForgedTokens.payload(real);
        claims.put("realm_access", Map.of("roles", java.util.List.of("user", "admin")));
        String[] parts = real.split("\\.");
        String tampered = parts[0] + "." + ForgedTokens.part(claims) + "." + parts[2];

        assertPassedTheDoor(me(stack, real));
        assertUnauthorized(me(stack, tampered), true);
    }

    @Test
    void refreshAndIdTokensAreNotAccessTokens(CoffeeStack stack) {
        Tokens.TokenSet tokens = login(stack);
        assertThat(tokens.idToken()).isNotBlank();

        assertUnauthorized(me(stack, tokens.refreshToken()), true);
        assertUnauthorized(me(stack, tokens.idToken()), true);
    }

    @Test
    void masterRealmTokenIsRefused(CoffeeStack stack) {
        Http.Response master = Tokens.passwordGrant(
                stack.keycloak(), "master", "admin-cli", CoffeeStack.MASTER_ADMIN, CoffeeStack.MASTER_ADMIN_PASSWORD);
        assertThat(master.status()).as(master.toString()).isEqualTo(200);

        assertUnauthorized(
                Http.get(
                        stack.gateway().baseUrl().resolve("/api/users"),
                        master.json().path("access_token").asText()),
                true);
    }

    @Test
    void garbageAndMalformedAuthorizationAreRefused(CoffeeStack stack) {
        assertUnauthorized(me(stack, "not-a-jwt"), true);
        assertUnauthorized(me(stack, "a.b.c"), true);
    }

    @Test
    void aStormOfUnknownKidsFetchesTheRealmKeysAtMostOnce(CoffeeStack stack) throws Exception {
        // A good token first, so the gateway holds the realm's keys before the storm.
        assertPassedTheDoor(me(stack, login(stack).accessToken()));
        long fetchesBefore = jwksFetches(stack);

        for (int i = 0; i < 40; i++) {
            assertUnauthorized(
                    me(stack, ForgedTokens.unknownKey().sign(ForgedTokens.goodClaims(stack.keycloak()))), true);
        }

        assertThat(jwksFetches(stack) - fetchesBefore).isLessThanOrEqualTo(1);
    }

    @Test
    void aKeyRotatedIntoTheRealmIsPickedUp(CoffeeStack stack) {
        ForgedTokens newKey = ForgedTokens.registeredWith(stack.keycloak(), CoffeeStack.REALM);

        // Within the refresh cooldown (10 s by default) the gateway fetches the new key set and accepts the kid.
        assertPassedTheDoor(me(stack, ForgedTokens.awaitAccepted(stack, newKey)));
    }

    private static long jwksFetches(CoffeeStack stack) throws java.io.IOException {
        try (var lines = Files.lines(stack.gateway().log())) {
            return lines.filter(line -> line.contains("Fetched the realm's signing keys"))
                    .count();
        }
    }

    private static Map<String, Object> with(CoffeeStack stack, String claim, Object value) {
        Map<String, Object> claims = ForgedTokens.goodClaims(stack.keycloak());
        claims.put(claim, value);
        return claims;
    }

    /** Issued ten minutes ago for five: a token as Keycloak issues it, only too old (beyond the clock skew). */
    private static Map<String, Object> expired(CoffeeStack stack, long now) {
        Map<String, Object> claims = with(stack, "iat", now - 600);
        claims.put("exp", now - 300);
        return claims;
    }

    private static Map<String, Object> without(CoffeeStack stack, String claim) {
        Map<String, Object> claims = ForgedTokens.goodClaims(stack.keycloak());
        claims.remove(claim);
        return claims;
    }

    private static Http.Response me(CoffeeStack stack, String token) {
        return Http.get(stack.gateway().baseUrl().resolve("/api/users/me"), token);
    }

    private static Tokens.TokenSet login(CoffeeStack stack) {
        String email = "gw-token-" + UUID.randomUUID() + "@example.com";
        new KeycloakAdmin(stack.keycloak(), CoffeeStack.REALM).createUser(email, PASSWORD, true);
        return Tokens.login(stack.keycloak(), CoffeeStack.REALM, email, PASSWORD);
    }

    private static JsonNode header(String token) {
        try {
            return Http.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode realmKey(CoffeeStack stack, String kid) {
        for (JsonNode key :
                ForgedTokens.jwks(stack.keycloak(), CoffeeStack.REALM).path("keys")) {
            if (key.path("kid").asText().equals(kid)) {
                return key;
            }
        }
        throw new AssertionError("no realm key " + kid);
    }
}
