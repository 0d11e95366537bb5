package uz.coffeeshop.it.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.KeycloakNode;

/**
 * Tokens made by the test instead of Keycloak, to change one claim at a time. The signing key is either one
 * the realm does not know, or one the test registers with the realm as a passive key (published in its JWKS,
 * never used by Keycloak to sign), so a forged token differs from a good one only in the claim under test.
 */
final class ForgedTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;
    private final String kid;

    private ForgedTokens(KeyPair keys, String kid) {
        this.keys = keys;
        this.kid = kid;
    }

    /** A key pair the realm has never seen, under a made-up {@code kid}. */
    static ForgedTokens unknownKey() {
        return new ForgedTokens(newKeyPair(), "forged-" + UUID.randomUUID());
    }

    /** A fresh key pair registered with the realm as a passive RSA key: in its JWKS, under Keycloak's kid. */
    static ForgedTokens registeredWith(KeycloakNode keycloak, String realm) {
        KeyPair pair = newKeyPair();
        KeycloakAdmin admin = new KeycloakAdmin(keycloak, realm);
        String realmId = admin.send("GET", "", null).json().path("id").asText();
        Map<String, Object> component = Map.of(
                "name",
                "it-gateway-" + UUID.randomUUID(),
                "providerId",
                "rsa",
                "providerType",
                "org.keycloak.keys.KeyProvider",
                "parentId",
                realmId,
                "config",
                Map.of(
                        "privateKey",
                        List.of(Base64.getEncoder()
                                .encodeToString(pair.getPrivate().getEncoded())),
                        "priority",
                        List.of("-100"),
                        "enabled",
                        List.of("true"),
                        "active",
                        List.of("false"),
                        "algorithm",
                        List.of("RS256")));
        Http.Response created = admin.send("POST", "/components", component);
        if (created.status() != 201) {
            throw new AssertionError("could not register a test key: " + created);
        }
        BigInteger modulus = ((RSAPublicKey) pair.getPublic()).getModulus();
        for (JsonNode key : jwks(keycloak, realm).path("keys")) {
            if (key.path("kty").asText().equals("RSA")
                    && new BigInteger(
                                    1,
                                    Base64.getUrlDecoder().decode(key.path("n").asText()))
                            .equals(modulus)) {
                return new ForgedTokens(pair, key.path("kid").asText());
            }
        }
        throw new AssertionError("the registered key is not in the realm's JWKS");
    }

    static JsonNode jwks(KeycloakNode keycloak, String realm) {
        return Http.get(keycloak.realmUrl(realm).resolve("/realms/" + realm + "/protocol/openid-connect/certs"))
                .json();
    }

    /** The claims of a good access token of a verified user, as Keycloak would issue it. */
    static Map<String, Object> goodClaims(KeycloakNode keycloak) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", keycloak.realmUrl(CoffeeStack.REALM).toString());
        claims.put("aud", List.of("coffee-api"));
        claims.put("typ", "Bearer");
        claims.put("sub", UUID.randomUUID().toString());
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put("azp", "coffee-cli");
        claims.put("email_verified", true);
        claims.put("realm_access", Map.of("roles", List.of("user")));
        return claims;
    }

    /**
     * A good token signed with this key, once the gateway accepts it: it fetches a new key set at most once per
     * refresh cooldown, so a key registered a moment ago may need that long.
     */
    static String awaitAccepted(CoffeeStack stack, ForgedTokens forger) {
        String token = forger.sign(goodClaims(stack.keycloak()));
        java.net.URI me = stack.gateway().baseUrl().resolve("/api/users/me");
        Http.Response response = Await.until(
                () -> Http.get(me, token),
                answer -> answer.status() != 401 || !GatewayAnswers.answeredByGateway(answer),
                Duration.ofMillis(500),
                Duration.ofSeconds(30),
                last -> new AssertionError("the gateway still refuses a token of the new key: " + last));
        GatewayAnswers.assertPassedTheDoor(response);
        return token;
    }

    String kid() {
        return kid;
    }

    String sign(Map<String, Object> claims) {
        return signRs256(Map.of("alg", "RS256", "typ", "JWT", "kid", kid), claims, keys.getPrivate());
    }

    static String signRs256(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
        String signingInput = part(header) + "." + part(claims);
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 over header and payload with {@code secret}: the classic algorithm-confusion forgery. */
    static String signHs256(Map<String, Object> header, String payloadPart, byte[] secret) {
        String signingInput = part(header) + "." + payloadPart;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return signingInput + "."
                    + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The realm's RSA public key with {@code kid}, as X.509 DER (what a PEM file holds). */
    static byte[] publicKeyDer(JsonNode jwk) {
        try {
            BigInteger n = new BigInteger(
                    1, Base64.getUrlDecoder().decode(jwk.path("n").asText()));
            BigInteger e = new BigInteger(
                    1, Base64.getUrlDecoder().decode(jwk.path("e").asText()));
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(n, e))
                    .getEncoded();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static String part(Object json) {
        try {
            return B64.encodeToString(Http.JSON.writeValueAsBytes(json));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The payload of a JWS as a mutable map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> payload(String token) {
        try {
            return Http.JSON.readValue(Base64.getUrlDecoder().decode(token.split("\\.")[1]), HashMap.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
