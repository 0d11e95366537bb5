package uz.coffeeshop.it.pages;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.Tokens;

/**
 * One authorization-code login of {@code coffee-web} with PKCE (RFC 7636, S256), as a browser app does it: a
 * fresh verifier and state, the authorization URL, and the code exchange at the token endpoint.
 */
record PkceLogin(KeycloakNode keycloak, String verifier, String state) {

    static final String CLIENT = "coffee-web";
    private static final SecureRandom RANDOM = new SecureRandom();

    static PkceLogin start(KeycloakNode keycloak) {
        return new PkceLogin(keycloak, randomUrlSafe(48), randomUrlSafe(16));
    }

    /** The authorization URL, optionally with {@code ui_locales}. */
    String authorizationUrl(String uiLocale) {
        String url = keycloak.realmUrl(CoffeeStack.REALM) + "/protocol/openid-connect/auth"
                + "?client_id=" + CLIENT
                + "&response_type=code"
                + "&scope=openid"
                + "&redirect_uri=" + encode(CoffeeStack.webRedirectUri().toString())
                + "&state=" + state
                + "&code_challenge=" + challenge(verifier)
                + "&code_challenge_method=S256";
        return uiLocale == null ? url : url + "&ui_locales=" + uiLocale;
    }

    String authorizationUrl() {
        return authorizationUrl(null);
    }

    /** Exchanges the code; {@code withVerifier=false} plays an attacker who stole the code but not the verifier. */
    Http.Response exchange(String code, boolean withVerifier) {
        URI token = Tokens.tokenEndpoint(keycloak, CoffeeStack.REALM);
        String[] form = withVerifier
                ? new String[] {
                    "grant_type", "authorization_code",
                    "client_id", CLIENT,
                    "code", code,
                    "redirect_uri", CoffeeStack.webRedirectUri().toString(),
                    "code_verifier", verifier
                }
                : new String[] {
                    "grant_type",
                    "authorization_code",
                    "client_id",
                    CLIENT,
                    "code",
                    code,
                    "redirect_uri",
                    CoffeeStack.webRedirectUri().toString()
                };
        return Http.send(HttpRequest.newBuilder(token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(Http.form(form)));
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
