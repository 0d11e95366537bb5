package uz.coffeeshop.it.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;

/**
 * The endpoints the admin page stands on, called as an attacker or a script would, without the page and without the
 * gateway: {@code PUT /admin/cleanup/settings} (cleanup:run), {@code GET /admin/mail/dead} (mail:read) and {@code
 * POST /admin/mail/{id}/retry} (mail:retry).
 */
@CoffeeStackTest
@ExtendWith(ConsoleShopExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleApiIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private CoffeeStack stack;
    private ConsoleShop shop;

    @BeforeAll
    void start(CoffeeStack stack, ConsoleShop shop) {
        this.stack = stack;
        this.shop = shop;
    }

    private Http.Response putSettings(String token, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(shop.api("/admin/cleanup/settings"))
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return Http.send(request);
    }

    private Http.Response post(URI uri, String token) {
        return Http.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static void assertProblem(Http.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asText())
                .as(response.toString())
                .isNotBlank();
    }

    private static String fieldMessage(Http.Response response, String field) {
        for (JsonNode error : response.json().path("errors")) {
            if (field.equals(error.path("field").asText())) {
                return error.path("message").asText();
            }
        }
        throw new AssertionError("no error for " + field + " in " + response);
    }

    @Nested
    class ThePage {

        @Test
        void thePageComesWithItsOwnStrictPolicyAndPatternFlyFromKeycloaksThemes() {
            Http.Response page = Http.get(shop.page());

            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.header("Content-Security-Policy").orElse(""))
                    .contains("script-src 'self'", "frame-ancestors 'none'", "default-src 'none'")
                    .doesNotContain("unsafe-inline");
            assertThat(page.header("X-Frame-Options")).contains("DENY");
            java.util.regex.Matcher css = java.util.regex.Pattern.compile(
                            "href=\"(/resources/[^\"]+patternfly\\.min\\.css)\"")
                    .matcher(page.text());
            assertThat(css.find()).as(page.text()).isTrue();
            Http.Response patternFly = Http.get(shop.node.baseUrl().resolve(css.group(1)));
            assertThat(patternFly.status())
                    .as("Keycloak serves " + css.group(1))
                    .isEqualTo(200);
            assertThat(patternFly.text()).contains(".pf-v5-c-page");
        }

        @Test
        void theTextsComeInEnglishRussianAndUzbekAndNoOtherFileIsServed() {
            assertThat(Http.get(shop.api("/console/messages/ru.json"))
                            .json()
                            .path("title")
                            .asText())
                    .isEqualTo("Кофейня");
            assertThat(Http.get(shop.api("/console/messages/uz.json"))
                            .json()
                            .path("title")
                            .asText())
                    .isEqualTo("Qahvaxona");
            assertThat(Http.get(shop.api("/console/messages/de.json")).status()).isEqualTo(404);
            assertThat(Http.get(shop.api("/console/ConsolePage.class")).status())
                    .isEqualTo(404);
            assertThat(Http.get(shop.api("/console/messages_en.properties")).status())
                    .isEqualTo(404);
        }

        @Test
        void aRealmWithoutThePagesClientHasNoPage() {
            assertThat(Http.get(shop.node.baseUrl().resolve("/realms/master/coffee/console/"))
                            .status())
                    .isEqualTo(404);
        }
    }

    @Nested
    class CleanupSettings {

        @Test
        void putSettingsAsAdminThenTheCleanupsPolicyHasThemAndAnAdminEventRecordsIt() {
            String token = shop.adminToken();

            Http.Response saved = putSettings(
                    token,
                    "application/json",
                    "{\"enabled\":true,\"lifetimeMinutes\":4321,\"reminderLeadMinutes\":0,\"dryRun\":true}");

            assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
            JsonNode policy = Http.get(shop.api("/admin/cleanup"), token).json().path("policy");
            assertThat(policy.path("enabled").asBoolean()).isTrue();
            assertThat(policy.path("lifetimeMinutes").asLong()).isEqualTo(4321);
            assertThat(policy.path("reminderLeadMinutes").asLong()).isZero();
            assertThat(policy.path("dryRun").asBoolean()).isTrue();
            JsonNode attributes = shop.admin.send("GET", "", null).json().path("attributes");
            assertThat(attributes.path("coffee.cleanup.lifetimeMinutes").asText())
                    .isEqualTo("4321");
            assertThat(attributes.path("coffee.cleanup.dryRun").asText()).isEqualTo("true");
            JsonNode events = shop.admin
                    .send("GET", "/admin-events?operationTypes=UPDATE&resourceTypes=REALM", null)
                    .json();
            assertThat(events.findValuesAsText("resourcePath")).contains("coffee/cleanup/settings");
            assertThat(events.toString()).contains("4321");
        }

        @Test
        void putSettingsWithNullMinutesThenTheServersOptionsApply() {
            String token = shop.adminToken();

            Http.Response saved = putSettings(
                    token,
                    "application/json",
                    "{\"enabled\":true,\"lifetimeMinutes\":null,\"reminderLeadMinutes\":null,\"dryRun\":false}");

            assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
            JsonNode body = saved.json();
            assertThat(body.path("settings").path("lifetimeMinutes").isNumber())
                    .as("no lifetime of the realm's own: %s", body)
                    .isFalse();
            assertThat(body.path("policy").path("lifetimeMinutes").asLong())
                    .isEqualTo(
                            body.path("serverDefaults").path("lifetimeMinutes").asLong());
            assertThat(shop.admin
                            .send("GET", "", null)
                            .json()
                            .path("attributes")
                            .has("coffee.cleanup.lifetimeMinutes"))
                    .isFalse();
        }

        @Test
        void putSettingsWithBadValuesThenOneProblemNamingEveryFieldAndNothingChanges() {
            String token = shop.adminToken();
            long before = Http.get(shop.api("/admin/cleanup"), token)
                    .json()
                    .path("policy")
                    .path("lifetimeMinutes")
                    .asLong();

            Http.Response refused = putSettings(
                    token,
                    "application/json",
                    "{\"enabled\":\"yes\",\"lifetimeMinutes\":0,\"reminderLeadMinutes\":-1,\"dryRun\":1.5,"
                            + "\"batchSize\":5}");

            assertProblem(refused, 400);
            assertThat(fieldMessage(refused, "lifetimeMinutes")).isEqualTo("must be a whole number of minutes >= 1");
            assertThat(fieldMessage(refused, "reminderLeadMinutes"))
                    .isEqualTo("must be 0 (no reminder) or a whole number of minutes >= 1");
            assertThat(fieldMessage(refused, "enabled")).isEqualTo("must be true or false");
            assertThat(fieldMessage(refused, "dryRun")).isEqualTo("must be true or false");
            assertThat(fieldMessage(refused, "batchSize")).isNotBlank();
            assertThat(Http.get(shop.api("/admin/cleanup"), token)
                            .json()
                            .path("policy")
                            .path("lifetimeMinutes")
                            .asLong())
                    .isEqualTo(before);
        }

        @Test
        void putSettingsWithAFractionOrTextForMinutesOrAFieldMissingThenProblemNamingIt() {
            String token = shop.adminToken();

            Http.Response fraction = putSettings(
                    token,
                    "application/json",
                    "{\"enabled\":true,\"lifetimeMinutes\":1.5,\"reminderLeadMinutes\":\"10\",\"dryRun\":false}");
            Http.Response missing = putSettings(token, "application/json", "{\"enabled\":true}");

            assertProblem(fraction, 400);
            assertThat(fieldMessage(fraction, "lifetimeMinutes")).contains("whole number");
            assertThat(fieldMessage(fraction, "reminderLeadMinutes")).contains("whole number");
            assertProblem(missing, 400);
            assertThat(fieldMessage(missing, "lifetimeMinutes")).isEqualTo("Required.");
            assertThat(fieldMessage(missing, "dryRun")).isEqualTo("Required.");
        }

        @Test
        void putSettingsWithMalformedJsonOrNoJsonThenProblemNotA500() {
            String token = shop.adminToken();

            assertProblem(putSettings(token, "application/json", "{\"enabled\":tru"), 400);
            assertProblem(putSettings(token, "application/json", "[1,2]"), 400);
            assertProblem(putSettings(token, "text/plain", "{}"), 415);
        }

        @Test
        void aLifetimeStoredAroundTheApiThatBreaksTheRulesIsShownAsIgnoredAndTheServersOptionApplies() {
            String token = shop.adminToken();
            shop.cleanupSettings(true, 77L, 0, true);
            // Keycloak's own admin API takes any attribute text: the cleanup ignores a lifetime of 0.
            shop.storeAttributeAroundTheApi("coffee.cleanup.lifetimeMinutes", "0");

            JsonNode body = Http.get(shop.api("/admin/cleanup"), token).json();

            assertThat(body.path("settings").path("lifetimeMinutes").isNumber())
                    .as("the stored 0 is not the realm's lifetime: %s", body.path("settings"))
                    .isFalse();
            assertThat(body.path("policy").path("lifetimeMinutes").asLong())
                    .isEqualTo(
                            body.path("serverDefaults").path("lifetimeMinutes").asLong());
            JsonNode ignored = body.path("ignored");
            assertThat(ignored).hasSize(1);
            assertThat(ignored.get(0).path("field").asText()).isEqualTo("lifetimeMinutes");
            assertThat(ignored.get(0).path("attribute").asText()).isEqualTo("coffee.cleanup.lifetimeMinutes");
            assertThat(ignored.get(0).path("value").asText()).isEqualTo("0");
            assertThat(ignored.get(0).path("message").asText()).isEqualTo("must be a whole number of minutes >= 1");

            Http.Response mended = putSettings(
                    token,
                    "application/json",
                    "{\"enabled\":true,\"lifetimeMinutes\":77,\"reminderLeadMinutes\":0,\"dryRun\":true}");
            assertThat(mended.json().path("ignored")).isEmpty();
            assertThat(mended.json().path("settings").path("lifetimeMinutes").asLong())
                    .isEqualTo(77);
        }

        @Test
        void putSettingsWithoutTokenThenUnauthorized() {
            Http.Response response = putSettings(null, "application/json", "{}");

            assertProblem(response, 401);
            assertThat(response.header("WWW-Authenticate").orElse("")).startsWith("Bearer");
        }

        @Test
        void putSettingsWithOnlyUsersReadThenForbiddenAndNothingChanges() {
            String email = "reader-" + System.nanoTime() + "@coffee-shop.test";
            shop.userWith(email, "users:read");
            long before = Http.get(shop.api("/admin/cleanup"), shop.adminToken())
                    .json()
                    .path("policy")
                    .path("lifetimeMinutes")
                    .asLong();

            Http.Response response = putSettings(
                    shop.tokenOf(email),
                    "application/json",
                    "{\"enabled\":true,\"lifetimeMinutes\":1,\"reminderLeadMinutes\":0,\"dryRun\":false}");

            assertProblem(response, 403);
            assertThat(response.json().path("detail").asText()).contains("cleanup:run");
            assertThat(Http.get(shop.api("/admin/cleanup"), shop.adminToken())
                            .json()
                            .path("policy")
                            .path("lifetimeMinutes")
                            .asLong())
                    .isEqualTo(before);
        }
    }

    @Nested
    class DeadMails {

        /** A sign-up whose verification mail died (the realm's SMTP server points nowhere, one attempt). */
        private String deadMailTo(String email) {
            shop.smtpTo(uz.coffeeshop.it.support.FreePort.next());
            Http.Response signedUp = Http.send(HttpRequest.newBuilder(shop.api("/auth/signup"))
                    .header("Content-Type", "application/json")
                    .POST(Http.jsonBody(Map.of("email", email, "password", ConsoleShop.PASSWORD))));
            assertThat(signedUp.status()).as(signedUp.toString()).isEqualTo(201);
            String token = shop.adminToken();
            return Await.until(() -> deadMail(token, email), mail -> mail != null, Duration.ofMillis(500), WAIT)
                    .path("id")
                    .asText();
        }

        private JsonNode deadMail(String token, String email) {
            for (JsonNode mail :
                    Http.get(shop.api("/admin/mail/dead"), token).json().path("mails")) {
                if (email.equals(mail.path("recipient").asText())) {
                    return mail;
                }
            }
            return null;
        }

        @Test
        void aDeadMailIsListedWithItsSmtpErrorButNeverItsBody() {
            String email = "listed-" + System.nanoTime() + "@example.com";
            deadMailTo(email);

            Http.Response listed = Http.get(shop.api("/admin/mail/dead"), shop.adminToken());

            assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
            JsonNode mail = deadMail(shop.adminToken(), email);
            assertThat(mail.path("error").asText()).isNotBlank();
            assertThat(mail.path("subject").asText()).isEqualTo("Confirm your e-mail address");
            assertThat(mail.path("retryable").asBoolean()).isTrue();
            assertThat(listed.text()).doesNotContain("action-token").doesNotContain("key=");
        }

        @Test
        void retryOfADeadMailAfterTheSmtpServerIsFixedThenItArrives() {
            String email = "retried-" + System.nanoTime() + "@example.com";
            String id = deadMailTo(email);
            shop.smtpTo(stack.mailbox().smtpPort());

            Http.Response retried = post(shop.api("/admin/mail/" + id + "/retry"), shop.adminToken());

            assertThat(retried.status()).as(retried.toString()).isEqualTo(202);
            stack.mailbox().awaitMessage(email, "Confirm your e-mail address", WAIT);
            JsonNode events = shop.admin
                    .send("GET", "/admin-events?operationTypes=ACTION&resourceTypes=REALM", null)
                    .json();
            assertThat(events.findValuesAsText("resourcePath")).contains("coffee/mail/" + id + "/retry");
            Await.until(
                    "the sent mail leaves the outbox",
                    WAIT,
                    () -> post(shop.api("/admin/mail/" + id + "/retry"), shop.adminToken())
                                    .status()
                            == 404);
        }

        @Test
        void retryOfADeadMailWhoseLinkDiedThenConflictAndItStaysDead() throws SQLException {
            String email = "lapsed-" + System.nanoTime() + "@example.com";
            String id = deadMailTo(email);
            try (Connection db = shop.database.connect();
                    PreparedStatement lapse =
                            db.prepareStatement("update COFFEE_MAIL_OUTBOX set EXPIRES_AT = ? where ID = ?")) {
                lapse.setLong(1, System.currentTimeMillis() - 1000);
                lapse.setString(2, id);
                assertThat(lapse.executeUpdate()).isEqualTo(1);
            }

            Http.Response refused = post(shop.api("/admin/mail/" + id + "/retry"), shop.adminToken());

            assertProblem(refused, 409);
            assertThat(refused.json().path("type").asText()).endsWith("mail-link-expired");
            assertThat(deadMail(shop.adminToken(), email).path("retryable").asBoolean())
                    .isFalse();
        }

        @Test
        void retryOfAnUnknownMailThenNotFound() {
            assertProblem(post(shop.api("/admin/mail/no-such-mail/retry"), shop.adminToken()), 404);
        }

        @Test
        void retryWithOnlyMailReadThenForbiddenAndTheMailStaysDead() {
            String email = "not-retried-" + System.nanoTime() + "@example.com";
            String id = deadMailTo(email);
            String reader = "mail-reader-" + System.nanoTime() + "@coffee-shop.test";
            shop.userWith(reader, "mail:read");

            Http.Response refused = post(shop.api("/admin/mail/" + id + "/retry"), shop.tokenOf(reader));

            assertProblem(refused, 403);
            assertThat(refused.json().path("detail").asText()).contains("mail:retry");
            assertThat(deadMail(shop.adminToken(), email)).as("still dead").isNotNull();
        }

        @Test
        void deadMailsWithOnlyUsersReadThenForbidden() {
            String reader = "users-reader-" + System.nanoTime() + "@coffee-shop.test";
            shop.userWith(reader, "users:read");

            assertProblem(Http.get(shop.api("/admin/mail/dead"), shop.tokenOf(reader)), 403);
        }
    }
}
