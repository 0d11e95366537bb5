package uz.coffeeshop.it.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.KeycloakClock;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.TestDatabase;
import uz.coffeeshop.it.support.Tokens;

/**
 * The extension's own limits with the shipped quotas and window, from the attacker's side: straight to
 * {@code /realms/coffee-shop/...} of a Keycloak node of its own (own database; the shared stack runs without them,
 * see {@link KeycloakNode#withoutRequestLimits()}), so no gateway in front. Here (not in {@code it/api}) because
 * the registration form is driven by the pages' real Chromium.
 */
@CoffeeStackTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLimitsIT {

    private static final String PASSWORD = "a long enough password";
    private static final int SIGNUPS_PER_IP = 30;
    private static final int RESENDS_PER_ADDRESS = 3;
    private static final int EMAIL_CHANGES_PER_ADDRESS = 3;

    /** The shipped window of every quota (10 minutes). */
    private static final long WINDOW_SECONDS = 600;

    private TestDatabase database;
    private KeycloakNode node;
    private KeycloakClock clock;
    private Instant windowStarted;

    @BeforeAll
    void startNodeWithTheShippedLimits(CoffeeStack stack) {
        Map<String, String> shipped = new java.util.LinkedHashMap<>();
        KeycloakNode.withoutRequestLimits().keySet().forEach(option -> shipped.put(option, KeycloakNode.DEFAULT));
        database = TestDatabase.create();
        node = KeycloakNode.start(
                stack.distribution(),
                database,
                stack.workDir(),
                "limits",
                shipped,
                CoffeeStack.realmEnvironment(stack.mailbox()));
        clock = new KeycloakClock(node);
    }

    /**
     * Each test in a window of its own from its start: the windows are fixed on Keycloak's clock, so the node's clock
     * moves to the next window's first second (instead of a test meeting a window's end, or waiting for it).
     */
    @BeforeEach
    void startAFreshWindow() {
        long ahead = clock.ahead().toSeconds();
        long keycloakNow = Instant.now().getEpochSecond() + ahead;
        clock.setAhead(Duration.ofSeconds(ahead + WINDOW_SECONDS - keycloakNow % WINDOW_SECONDS));
        windowStarted = Instant.now();
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void fortySignUpsFromOneAddressGetThirtyAccountsThenTooManyRequestsAndTheRegistrationFormIsClosedToo() {
        Flood flood = Flood.of(() -> post(
                "/auth/signup",
                Map.of("email", "flood-" + System.nanoTime() + "@example.com", "password", PASSWORD),
                null));

        assertTooManyRequests(flood.assertAcceptedThenRefused(SIGNUPS_PER_IP, 201));

        // Keycloak does not read X-Forwarded-For unless KC_PROXY_HEADERS says so: a forged one changes nothing.
        Http.Response forged = post(
                "/auth/signup",
                Map.of("email", "forged-" + System.nanoTime() + "@example.com", "password", PASSWORD),
                "198.51.100." + (System.nanoTime() % 250));
        assertThat(forged.status()).as(forged.toString()).isEqualTo(429);

        String email = "form-" + System.nanoTime() + "@example.com";
        try (Browser browser = Browser.start()) {
            browser.open(PkceLogin.start(node).authorizationUrl());
            browser.find(By.cssSelector("a[href*='registration']")).click();
            browser.find(By.id("kc-register-form"));
            browser.type("email", email);
            browser.type("password", PASSWORD);
            browser.type("password-confirm", PASSWORD);
            browser.submit(By.cssSelector("#kc-register-form [type=submit]"));
            browser.awaitText("Too many attempts. Try again in");
            assertThat(browser.text()).containsPattern("Try again in [0-9]+ minutes");
            browser.screenshots("sign-up-too-many-attempts");
        }
        Http.Response users =
                new KeycloakAdmin(node, CoffeeStack.REALM).send("GET", "/users?exact=true&email=" + email, null);
        assertThat(users.json()).as("the refused form created nobody").isEmpty();
    }

    @Test
    void fortyResendsToOneAddressSendThreeThenTooManyRequests() {
        String email = "resend-flood-" + System.nanoTime() + "@example.com";
        new KeycloakAdmin(node, CoffeeStack.REALM).createUser(email, PASSWORD, false);

        Flood flood = Flood.of(() -> post("/auth/verification-email", Map.of("email", email), null));

        assertTooManyRequests(flood.assertAcceptedThenRefused(RESENDS_PER_ADDRESS, 202));
    }

    @Test
    void fortyEmailChangesToOneTargetSendThreeLinksThenTooManyRequests() {
        String email = "changer-" + System.nanoTime() + "@example.com";
        new KeycloakAdmin(node, CoffeeStack.REALM).createUser(email, PASSWORD, true);
        String token = Tokens.login(node, CoffeeStack.REALM, email, PASSWORD).accessToken();
        String target = "victim-" + System.nanoTime() + "@example.com";

        Flood flood = Flood.of(() -> Http.send(request("/users/me", null)
                .header("Authorization", "Bearer " + token)
                .method("PATCH", Http.jsonBody(Map.of("email", target)))));

        assertTooManyRequests(flood.assertAcceptedThenRefused(EMAIL_CHANGES_PER_ADDRESS, 200));
    }

    /** The attack: 40 of the same call in a row, as fast as one client sends them. */
    private record Flood(List<Http.Response> responses) {

        static Flood of(Supplier<Http.Response> call) {
            List<Http.Response> responses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                responses.add(call.get());
            }
            return new Flood(responses);
        }

        /** Asserts the quota's calls accepted and the rest refused; returns the first refusal. */
        Http.Response assertAcceptedThenRefused(int quota, int acceptedStatus) {
            List<Integer> statuses =
                    responses.stream().map(Http.Response::status).toList();
            assertThat(statuses.subList(0, quota)).as("%s", statuses).containsOnly(acceptedStatus);
            assertThat(statuses.subList(quota, statuses.size()))
                    .as("%s", statuses)
                    .containsOnly(429);
            return responses.get(quota);
        }
    }

    private void assertTooManyRequests(Http.Response response) {
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(problem.path("type").asText()).isEqualTo("urn:coffee-shop:problem:too-many-requests");
        long retryAfter = Long.parseLong(response.header("Retry-After").orElseThrow());
        // The rest of the window that began with the test: the window less the time the test has taken so far.
        long taken = Duration.between(windowStarted, Instant.now()).toSeconds();
        assertThat(retryAfter).isBetween(WINDOW_SECONDS - taken - 2, WINDOW_SECONDS);
        assertThat(problem.path("detail").asText()).contains("try again in " + ((retryAfter + 59) / 60) + " minutes");
    }

    private Http.Response post(String path, Map<String, String> body, String forwardedFor) {
        HttpRequest.Builder request = request(path, forwardedFor).POST(Http.jsonBody(body));
        return Http.send(request);
    }

    private HttpRequest.Builder request(String path, String forwardedFor) {
        URI url = node.baseUrl().resolve("/realms/" + CoffeeStack.REALM + "/coffee" + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).header("Content-Type", "application/json");
        return forwardedFor == null ? request : request.header("X-Forwarded-For", forwardedFor);
    }
}
