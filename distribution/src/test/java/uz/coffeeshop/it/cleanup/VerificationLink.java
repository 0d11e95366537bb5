package uz.coffeeshop.it.cleanup;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a verification link as a browser does (cookies kept, redirects followed). Keycloak first asks a browser
 * without the original login session to confirm ("Click here to proceed"), so the page's action-token link is
 * followed too. Returns the last page's text.
 */
final class VerificationLink {

    private static final Pattern PROCEED = Pattern.compile("href=\"([^\"]*login-actions/action-token[^\"]*)\"");

    private VerificationLink() {}

    static String open(String link) {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new PlainCookies())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        String page = get(browser, URI.create(link));
        Matcher proceed = PROCEED.matcher(page);
        if (proceed.find()) {
            page = get(browser, URI.create(proceed.group(1).replace("&amp;", "&")));
        }
        return page;
    }

    private static String get(HttpClient browser, URI uri) {
        try {
            HttpResponse<String> response = browser.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + uri + " → " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Keeps every cookie and sends it back. Keycloak marks its session cookies {@code Secure}; browsers send those to
     * http://127.0.0.1 (a secure context), Java's CookieManager does not.
     */
    private static final class PlainCookies extends CookieHandler {
        private final Map<String, String> cookies = new ConcurrentHashMap<>();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
            if (cookies.isEmpty()) {
                return Map.of();
            }
            List<String> pairs = cookies.entrySet().stream()
                    .map(cookie -> cookie.getKey() + "=" + cookie.getValue())
                    .toList();
            return Map.of("Cookie", List.of(String.join("; ", pairs)));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) {
            responseHeaders.forEach((name, values) -> {
                if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
                    values.stream()
                            .flatMap(value -> HttpCookie.parse(value).stream())
                            .forEach(cookie -> {
                                if (cookie.getMaxAge() == 0) {
                                    cookies.remove(cookie.getName());
                                } else {
                                    cookies.put(cookie.getName(), cookie.getValue());
                                }
                            });
                }
            });
        }
    }
}
