package uz.coffeeshop.it.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.Mailbox;
import uz.coffeeshop.it.support.Tokens;

/** What the outbox tests share: node options, sign-ups through Keycloak's admin API, the outbox's view, links. */
final class OutboxFixture {

    /** The subject of the realm theme's verification mail (English, the realm's default locale). */
    static final String VERIFICATION_SUBJECT = "Confirm your e-mail address";

    static final String PASSWORD = "a long enough password";
    private static final Pattern PROCEED = Pattern.compile("href=\"([^\"]*action-token[^\"]*)\"");

    private OutboxFixture() {}

    /** The outbox options as Keycloak options: {@code spi-email-sender--coffee-outbox--<name>}. */
    static Map<String, String> outboxOptions(Map<String, String> values) {
        Map<String, String> options = new LinkedHashMap<>();
        values.forEach((name, value) -> options.put("spi-email-sender--coffee-outbox--" + name, value));
        return options;
    }

    /**
     * A sign-up as the sign-up API will do it, through Keycloak's admin API: an unverified account, then Keycloak's
     * verification mail. Returns the user's id; fails unless Keycloak answered 204 at once.
     */
    static String signUp(KeycloakNode node, String email) {
        KeycloakAdmin admin = new KeycloakAdmin(node, CoffeeStack.REALM);
        String id = admin.createUser(email, PASSWORD, false);
        long started = System.nanoTime();
        Http.Response sent = admin.send("PUT", "/users/" + id + "/send-verify-email", null);
        assertThat(sent.status())
                .as("send-verify-email for %s: %s", email, sent)
                .isEqualTo(204);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("the request waited for SMTP")
                .isLessThan(Duration.ofSeconds(5));
        return id;
    }

    /**
     * Waits until {@code runs} more delivery runs have sent a mail queued after everything before: the outbox sends
     * oldest first, so by then any mail still due from before (a duplicate, say) would have been sent too.
     */
    static void awaitLaterDeliveries(KeycloakNode node, Mailbox mailbox, int runs) {
        for (int run = 0; run < runs; run++) {
            String marker = "later-" + run + "-" + System.nanoTime() + "@example.com";
            signUp(node, marker);
            mailbox.awaitMessage(marker, VERIFICATION_SUBJECT, Duration.ofSeconds(60));
        }
    }

    /** A coffee-shop admin (role admin, so permission mail:read) and their API token. */
    static String adminToken(KeycloakNode node) {
        String email = "mail-admin-" + System.nanoTime() + "@coffee-shop.test";
        KeycloakAdmin admin = new KeycloakAdmin(node, CoffeeStack.REALM);
        String id = admin.createUser(email, PASSWORD, true);
        admin.assignRealmRole(id, "admin");
        return Tokens.login(node, CoffeeStack.REALM, email, PASSWORD).accessToken();
    }

    static JsonNode mailStatus(KeycloakNode node, String token) {
        Http.Response response =
                Http.get(node.realmUrl(CoffeeStack.REALM).resolve("/realms/coffee-shop/coffee/admin/mail"), token);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    static String metrics(KeycloakNode node) {
        Http.Response response = Http.get(node.managementUrl().resolve("/metrics"));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.text();
    }

    /** Opens the verification link as a browser would (cookies, redirects, the "proceed" page) and checks it worked. */
    static void openVerificationLink(KeycloakNode node, MimeMessage mail, String userId) throws Exception {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new LoopbackCookies())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        String link = Mailbox.link(mail, "action-token");
        StringBuilder trace = new StringBuilder();
        for (int step = 0; step < 3; step++) {
            HttpResponse<String> page = browser.send(
                    HttpRequest.newBuilder(URI.create(link)).GET().build(), HttpResponse.BodyHandlers.ofString());
            trace.append("\nGET ")
                    .append(link)
                    .append(" → ")
                    .append(page.uri())
                    .append(' ')
                    .append(page.statusCode())
                    .append(":\n")
                    .append(page.body());
            assertThat(page.statusCode())
                    .as("%s answered %s", link, page.body())
                    .isEqualTo(200);
            assertThat(page.body()).doesNotContainIgnoringCase("expired").doesNotContainIgnoringCase("invalid");
            Matcher proceed = PROCEED.matcher(page.body());
            if (!proceed.find()) {
                break;
            }
            link = URI.create(link)
                    .resolve(proceed.group(1).replace("&amp;", "&"))
                    .toString();
        }
        assertThat(new KeycloakAdmin(node, CoffeeStack.REALM)
                        .user(userId)
                        .path("emailVerified")
                        .asBoolean())
                .as("the link verified %s; the browser saw: %s", userId, trace)
                .isTrue();
    }

    /**
     * A browser's cookie jar for plain-HTTP loopback: Keycloak marks its session cookies {@code Secure}, which a
     * browser still sends to http://127.0.0.1 (a secure context) but Java's CookieManager would drop.
     */
    private static final class LoopbackCookies extends CookieHandler {
        private final Map<String, String> jar = new ConcurrentHashMap<>();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
            if (jar.isEmpty()) {
                return Map.of();
            }
            StringBuilder cookies = new StringBuilder();
            jar.forEach((name, value) -> cookies.append(cookies.isEmpty() ? "" : "; ")
                    .append(name)
                    .append('=')
                    .append(value));
            return Map.of("Cookie", List.of(cookies.toString()));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
            responseHeaders.forEach((header, values) -> {
                if ("set-cookie".equalsIgnoreCase(header)) {
                    for (String cookie : values) {
                        String pair = cookie.split(";", 2)[0];
                        int equals = pair.indexOf('=');
                        if (equals > 0) {
                            jar.put(
                                    pair.substring(0, equals).trim(),
                                    pair.substring(equals + 1).trim());
                        }
                    }
                }
            });
        }
    }
}
