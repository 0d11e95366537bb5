package uz.coffeeshop.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.CookieHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.Tokens;

/**
 * The extension's API called directly on Keycloak ({@code /realms/coffee-shop/coffee/...}), as the gateway would
 * call it but without the gateway's checks in front: what the extension enforces itself.
 */
public final class CoffeeApi {

    static final String PASSWORD = "a long enough password";

    private final CoffeeStack stack;

    CoffeeApi(CoffeeStack stack) {
        this.stack = stack;
    }

    URI url(String path) {
        return stack.keycloak().baseUrl().resolve("/realms/" + CoffeeStack.REALM + "/coffee" + path);
    }

    KeycloakAdmin admin() {
        return new KeycloakAdmin(stack.keycloak(), CoffeeStack.REALM);
    }

    Http.Response get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).GET();
        return Http.send(authorized(request, token));
    }

    Http.Response send(String method, String path, String token, Object jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path))
                .header("Content-Type", "application/json")
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : Http.jsonBody(jsonBody));
        return Http.send(authorized(request, token));
    }

    /** A body sent exactly as given, with the given content type (for malformed and oversized bodies). */
    Http.Response sendRaw(String method, String path, String token, String contentType, String body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(url(path)).method(method, HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return Http.send(authorized(request, token));
    }

    Http.Response delete(String path, String token) {
        return Http.send(authorized(HttpRequest.newBuilder(url(path)).DELETE(), token));
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request, String token) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** A verified user arranged through Keycloak's admin API, logged in; with {@code admin} the realm role admin. */
    Account account(String prefix, boolean admin) {
        String email = uniqueEmail(prefix);
        String id = admin().createUser(email, PASSWORD, true);
        if (admin) {
            admin().assignRealmRole(id, "admin");
        }
        return new Account(id, email, Tokens.login(stack.keycloak(), CoffeeStack.REALM, email, PASSWORD));
    }

    record Account(String id, String email, Tokens.TokenSet tokens) {
        String token() {
            return tokens.accessToken();
        }
    }

    /** Sets (or removes, with {@code null}) realm attributes through the admin API, keeping the others. */
    void setRealmAttributes(Map<String, String> changes) {
        JsonNode realm = admin().send("GET", "", null).json();
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = Http.JSON.convertValue(realm.path("attributes"), Map.class);
        changes.forEach((key, value) -> {
            if (value == null) {
                attributes.remove(key);
            } else {
                attributes.put(key, value);
            }
        });
        Http.Response response = admin().send("PUT", "", Map.of("attributes", attributes));
        assertThat(response.status()).as(response.toString()).isEqualTo(204);
    }

    void setRealmFlag(String name, boolean value) {
        Http.Response response = admin().send("PUT", "", Map.of(name, value));
        assertThat(response.status()).as(response.toString()).isEqualTo(204);
    }

    /**
     * Switches Keycloak's "Update Email" required action of the realm on or off; returns whether it was on. A new
     * e-mail of {@code PATCH /users/me} is confirmed through it.
     */
    boolean setUpdateEmailAction(boolean enabled) {
        Http.Response current = admin().send("GET", "/authentication/required-actions/UPDATE_EMAIL", null);
        if (current.status() == 404) {
            Http.Response registered = admin().send(
                            "POST",
                            "/authentication/register-required-action",
                            Map.of("providerId", "UPDATE_EMAIL", "name", "Update Email"));
            assertThat(registered.status()).as(registered.toString()).isEqualTo(204);
            current = admin().send("GET", "/authentication/required-actions/UPDATE_EMAIL", null);
        }
        assertThat(current.status()).as(current.toString()).isEqualTo(200);
        boolean was = current.json().path("enabled").asBoolean();
        @SuppressWarnings("unchecked")
        Map<String, Object> action = Http.JSON.convertValue(current.json(), Map.class);
        action.put("enabled", enabled);
        Http.Response updated = admin().send("PUT", "/authentication/required-actions/UPDATE_EMAIL", action);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(204);
        return was;
    }

    static void assertProblem(Http.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).startsWith("urn:coffee-shop:problem:");
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
    }

    /** A validation problem naming {@code field}. */
    static void assertFieldError(Http.Response response, int status, String field) {
        assertProblem(response, status);
        assertThat(response.json().path("errors").findValuesAsText("field"))
                .as(response.toString())
                .contains(field);
    }

    static void assertUnauthorized(Http.Response response) {
        assertProblem(response, 401);
        assertThat(response.header("WWW-Authenticate").orElse(""))
                .as(response.toString())
                .startsWith("Bearer")
                .contains("error=\"invalid_token\"");
    }

    /**
     * Opens an action-token link the way a browser does (cookies kept, redirects followed), confirming Keycloak's
     * "confirm this address" step when it shows one; returns the last page.
     */
    public static String openInBrowser(String link) {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new PlainCookieJar())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        String page = browse(browser, link);
        Matcher confirm = Pattern.compile("href=\"([^\"]*action-token[^\"]*)\"").matcher(page);
        if (confirm.find()) {
            page = page + "\n----- confirmed:\n"
                    + browse(browser, confirm.group(1).replace("&amp;", "&"));
        }
        return page;
    }

    private static String browse(HttpClient browser, String url) {
        try {
            HttpResponse<String> response = browser.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Accept", "text/html")
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (Exception e) {
            throw new AssertionError("could not open " + url, e);
        }
    }

    /**
     * Keeps every cookie Keycloak sets and sends it back, Secure ones included: over plain HTTP on loopback, the
     * JDK's CookieManager drops Keycloak's {@code Secure; SameSite=None} auth-session cookie, which a browser keeps
     * for localhost, and without it the action-token page never gets past "confirm this address".
     */
    static final class PlainCookieJar extends CookieHandler {

        private final Map<String, String> cookies = new ConcurrentHashMap<>();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
            if (cookies.isEmpty()) {
                return Map.of();
            }
            StringBuilder header = new StringBuilder();
            cookies.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ")
                    .append(name)
                    .append('=')
                    .append(value));
            return Map.of("Cookie", List.of(header.toString()));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) {
            responseHeaders.forEach((name, values) -> {
                if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
                    for (String value : values) {
                        String pair = value.split(";", 2)[0];
                        int equals = pair.indexOf('=');
                        if (equals > 0) {
                            String cookie = pair.substring(0, equals).trim();
                            String content = pair.substring(equals + 1).trim();
                            if (content.isEmpty() || value.toLowerCase().contains("max-age=0")) {
                                cookies.remove(cookie);
                            } else {
                                cookies.put(cookie, content);
                            }
                        }
                    }
                }
            });
        }
    }
}
