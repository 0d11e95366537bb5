package uz.coffeeshop.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static uz.coffeeshop.it.api.CoffeeApi.PASSWORD;
import static uz.coffeeshop.it.api.CoffeeApi.assertFieldError;
import static uz.coffeeshop.it.api.CoffeeApi.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.Mailbox;

/** {@code POST /auth/signup} against the real Keycloak: Keycloak's validation, uniqueness, the verification mail. */
@CoffeeStackTest
class SignUpIT {

    static Map<String, Object> signUp(String email) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("password", PASSWORD);
        return body;
    }

    @Nested
    class WhenTheAddressIsNew {

        @Test
        void signUpCreatesAnUnverifiedUserAnswers201WithTheUserAndLocation(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            String email = CoffeeApi.uniqueEmail("SignUp.New");
            Map<String, Object> body = signUp(email);
            body.put("firstName", "Aziza");
            body.put("lastName", "Karimova");

            Http.Response response = api.send("POST", "/auth/signup", null, body);

            assertThat(response.status()).as(response.toString()).isEqualTo(201);
            JsonNode user = response.json();
            assertThat(user.path("email").asText()).isEqualTo(email.toLowerCase());
            assertThat(user.path("firstName").asText()).isEqualTo("Aziza");
            assertThat(user.path("lastName").asText()).isEqualTo("Karimova");
            assertThat(user.path("emailVerified").asBoolean()).isFalse();
            assertThat(user.path("roles").toString()).isEqualTo("[\"user\"]");
            OffsetDateTime createdAt =
                    OffsetDateTime.parse(user.path("createdAt").asText());
            assertThat(createdAt.getOffset().getTotalSeconds()).isEqualTo(5 * 3600);
            assertThat(Duration.between(createdAt.toInstant(), Instant.now()).abs())
                    .isLessThan(Duration.ofMinutes(2));
            OffsetDateTime due = OffsetDateTime.parse(user.path("deletionDueAt").asText());
            assertThat(due.toInstant()).isAfter(createdAt.toInstant());
            assertThat(response.header("Location").orElseThrow())
                    .endsWith("/coffee/users/" + user.path("id").asText());

            JsonNode stored = api.admin().user(user.path("id").asText());
            assertThat(stored.path("emailVerified").asBoolean()).isFalse();
            assertThat(stored.path("enabled").asBoolean()).isTrue();
            assertThat(stored.path("requiredActions").toString()).contains("VERIFY_EMAIL");
        }

        @Test
        void theVerificationLinkOfTheMailVerifiesTheAddressInTheBrowser(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            String email = CoffeeApi.uniqueEmail("signup-link");
            Http.Response response = api.send("POST", "/auth/signup", null, signUp(email));
            assertThat(response.status()).as(response.toString()).isEqualTo(201);
            String id = response.json().path("id").asText();

            MimeMessage mail = stack.mailbox().awaitMessage(email, "", Duration.ofSeconds(60));
            String link = Mailbox.link(mail, "action-token");
            String pages = CoffeeApi.openInBrowser(link);

            JsonNode stored = api.admin().user(id);
            assertThat(stored.path("emailVerified").asBoolean()).as(pages).isTrue();
            assertThat(stored.path("requiredActions").toString()).doesNotContain("VERIFY_EMAIL");
        }

        @Test
        void theNewUserCanLogInWithThePassword(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            String email = CoffeeApi.uniqueEmail("signup-login");
            api.send("POST", "/auth/signup", null, signUp(email));
            // Verify through the admin API: the login grant refuses accounts with a pending VERIFY_EMAIL action.
            String id = api.admin()
                    .send("GET", "/users?exact=true&email=" + email, null)
                    .json()
                    .get(0)
                    .path("id")
                    .asText();
            api.admin().send("PUT", "/users/" + id, Map.of("emailVerified", true, "requiredActions", List.of()));

            assertThat(uz.coffeeshop.it.support.Tokens.login(stack.keycloak(), CoffeeStack.REALM, email, PASSWORD)
                            .accessToken())
                    .isNotBlank();
        }
    }

    @Nested
    class WhenTheAddressIsTaken {

        @Test
        void signUpWithATakenAddressInOtherCaseIs409NamingEmail(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            String email = CoffeeApi.uniqueEmail("taken");
            assertThat(api.send("POST", "/auth/signup", null, signUp(email)).status())
                    .isEqualTo(201);

            Http.Response again = api.send("POST", "/auth/signup", null, signUp(email.toUpperCase()));

            assertFieldError(again, 409, "email");
        }

        @Test
        void twentyParallelSignUpsWithOneAddressGiveOne201AndNineteen409AndOneUser(CoffeeStack stack) throws Exception {
            CoffeeApi api = new CoffeeApi(stack);
            String email = CoffeeApi.uniqueEmail("race");
            ExecutorService pool = Executors.newFixedThreadPool(20);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Http.Response>> results = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    Callable<Http.Response> call = () -> {
                        start.await();
                        return api.send("POST", "/auth/signup", null, signUp(email));
                    };
                    results.add(pool.submit(call));
                }
                long started = System.nanoTime();
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Http.Response> result : results) {
                    Http.Response response = result.get();
                    statuses.add(response.status());
                    if (response.status() != 201) {
                        assertFieldError(response, 409, "email");
                    }
                }
                System.out.printf(
                        "[coffee-api] 20 parallel sign-ups of one address: %s in %d ms%n",
                        statuses, (System.nanoTime() - started) / 1_000_000);
                assertThat(statuses).as(statuses.toString()).containsOnly(201, 409);
                assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            JsonNode users = api.admin()
                    .send("GET", "/users?exact=true&email=" + email, null)
                    .json();
            assertThat(users.size()).as(users.toString()).isEqualTo(1);
        }
    }

    @Nested
    class WhenTheInputIsBad {

        @Test
        void aPasswordThePolicyRefusesIs400NamingPasswordWithKeycloaksMessage(CoffeeStack stack) {
            Map<String, Object> body = signUp(CoffeeApi.uniqueEmail("weak"));
            body.put("password", "short");

            Http.Response response = new CoffeeApi(stack).send("POST", "/auth/signup", null, body);

            assertFieldError(response, 400, "password");
            assertThat(response.json().path("errors").toString()).contains("12");
        }

        @Test
        void thePasswordEqualToTheEmailIsRefused(CoffeeStack stack) {
            String email = CoffeeApi.uniqueEmail("same-as-password");
            Map<String, Object> body = signUp(email);
            body.put("password", email);

            assertFieldError(new CoffeeApi(stack).send("POST", "/auth/signup", null, body), 400, "password");
        }

        @Test
        void anInvalidEmailIs400NamingEmail(CoffeeStack stack) {
            assertFieldError(
                    new CoffeeApi(stack).send("POST", "/auth/signup", null, signUp("not-an-address")), 400, "email");
        }

        @Test
        void missingFieldsAre400NamingEach(CoffeeStack stack) {
            Http.Response response = new CoffeeApi(stack).send("POST", "/auth/signup", null, Map.of());

            assertFieldError(response, 400, "email");
            assertFieldError(response, 400, "password");
        }

        @Test
        void aFirstNameOfProhibitedCharactersIs400NamingIt(CoffeeStack stack) {
            Map<String, Object> body = signUp(CoffeeApi.uniqueEmail("names"));
            body.put("firstName", "<script>");

            assertFieldError(new CoffeeApi(stack).send("POST", "/auth/signup", null, body), 400, "firstName");
        }

        @Test
        void rolesOrOtherUnknownFieldsAre400NamingThemAndCreateNobody(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            String email = CoffeeApi.uniqueEmail("mass-assignment");
            Map<String, Object> body = signUp(email);
            body.put("roles", List.of("admin"));
            body.put("emailVerified", true);

            Http.Response response = api.send("POST", "/auth/signup", null, body);

            assertFieldError(response, 400, "roles");
            assertFieldError(response, 400, "emailVerified");
            assertThat(api.admin()
                            .send("GET", "/users?exact=true&email=" + email, null)
                            .json()
                            .size())
                    .isZero();
        }

        @Test
        void wrongTypesAre400NamingTheField(CoffeeStack stack) {
            Map<String, Object> body = new HashMap<>();
            body.put("email", 42);
            body.put("password", List.of("x"));
            body.put("firstName", Map.of("a", 1));

            Http.Response response = new CoffeeApi(stack).send("POST", "/auth/signup", null, body);

            assertFieldError(response, 400, "email");
            assertFieldError(response, 400, "password");
            assertFieldError(response, 400, "firstName");
        }

        @Test
        void malformedJsonIs400Problem(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            assertProblem(api.sendRaw("POST", "/auth/signup", null, "application/json", "{\"email\": "), 400);
            assertProblem(api.sendRaw("POST", "/auth/signup", null, "application/json", "[1,2]"), 400);
            assertProblem(api.sendRaw("POST", "/auth/signup", null, "application/json", "\"text\""), 400);
            assertProblem(api.sendRaw("POST", "/auth/signup", null, "application/json", "{} {}"), 400);
            assertProblem(api.sendRaw("POST", "/auth/signup", null, "application/json", ""), 400);
            assertProblem(
                    api.sendRaw(
                            "POST",
                            "/auth/signup",
                            null,
                            "application/json",
                            "{\"email\":\"a@example.com\",\"email\":\"b@example.com\",\"password\":\"x\"}"),
                    400);
        }

        @Test
        void anOversizedBodyIs413Problem(CoffeeStack stack) {
            String huge = "{\"email\":\"" + "a".repeat(64 * 1024) + "@example.com\",\"password\":\"x\"}";

            assertProblem(new CoffeeApi(stack).sendRaw("POST", "/auth/signup", null, "application/json", huge), 413);
        }

        @Test
        void aBodyThatIsNotJsonIs415Problem(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            assertProblem(api.sendRaw("POST", "/auth/signup", null, "text/plain", "email=a@b.c"), 415);
            assertProblem(api.sendRaw("POST", "/auth/signup", null, null, "{}"), 415);
        }
    }

    @Nested
    class WhenTheRealmSaysSo {

        @Test
        void signUpIs403WhenRegistrationIsTurnedOff(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            api.setRealmFlag("registrationAllowed", false);
            try {
                assertProblem(api.send("POST", "/auth/signup", null, signUp(CoffeeApi.uniqueEmail("closed"))), 403);
            } finally {
                api.setRealmFlag("registrationAllowed", true);
            }
        }

        @Test
        void enumerationSafeModeAnswersTheSame202ForNewAndTakenAddressesAndWarnsTheOwner(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            String taken = CoffeeApi.uniqueEmail("safe-owner");
            api.admin().createUser(taken, PASSWORD, true);
            String fresh = CoffeeApi.uniqueEmail("safe-new");
            api.setRealmAttributes(Map.of("coffee.signup.enumerationSafe", "true"));
            Http.Response forTaken;
            Http.Response forFresh;
            try {
                forTaken = api.send("POST", "/auth/signup", null, signUp(taken));
                forFresh = api.send("POST", "/auth/signup", null, signUp(fresh));
            } finally {
                api.setRealmAttributes(Map.of("coffee.signup.enumerationSafe", "false"));
            }

            assertThat(forTaken.status()).as(forTaken.toString()).isEqualTo(202);
            assertThat(forFresh.status()).as(forFresh.toString()).isEqualTo(202);
            assertThat(forTaken.text()).isEqualTo(forFresh.text());
            assertThat(forTaken.header("Location")).isEmpty();
            MimeMessage notice = stack.mailbox().awaitMessage(taken, "sign up", Duration.ofSeconds(60));
            assertThat(Mailbox.text(notice)).contains(taken.toLowerCase());
            Mailbox.link(stack.mailbox().awaitMessage(fresh, "", Duration.ofSeconds(60)), "action-token");
            assertThat(api.admin()
                            .send("GET", "/users?exact=true&email=" + fresh, null)
                            .json()
                            .size())
                    .isEqualTo(1);
        }
    }

    @Nested
    class WhenMailFails {

        @Test
        void anSmtpServerThatIsDownStillGives201AndTheAccountCanAskForANewLink(CoffeeStack stack) throws Exception {
            CoffeeApi api = new CoffeeApi(stack);
            String email = CoffeeApi.uniqueEmail("smtp-down");
            int closedPort;
            try (ServerSocket probe = new ServerSocket(0)) {
                closedPort = probe.getLocalPort();
            }
            Http.Response response;
            JsonNode smtp = api.admin().send("GET", "", null).json().path("smtpServer");
            setSmtpPort(api, smtp, closedPort);
            try {
                response = api.send("POST", "/auth/signup", null, signUp(email));
            } finally {
                setSmtpPort(api, smtp, -1);
            }

            assertThat(response.status()).as(response.toString()).isEqualTo(201);
            assertThat(response.json().path("emailVerified").asBoolean()).isFalse();
        }

        @Test
        void anSmtpServerThatNeverAnswersGives201WithinTheBoundedTimeouts(CoffeeStack stack) throws Exception {
            CoffeeApi api = new CoffeeApi(stack);
            String email = CoffeeApi.uniqueEmail("smtp-slow");
            List<Socket> held = new ArrayList<>();
            try (ServerSocket blackHole = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
                Thread acceptor = new Thread(() -> {
                    while (!blackHole.isClosed()) {
                        try {
                            held.add(blackHole.accept()); // accepts, never greets: the client's read times out
                        } catch (IOException e) {
                            return;
                        }
                    }
                });
                acceptor.setDaemon(true);
                acceptor.start();
                JsonNode smtp = api.admin().send("GET", "", null).json().path("smtpServer");
                setSmtpPort(api, smtp, blackHole.getLocalPort());
                Instant started = Instant.now();
                Http.Response response;
                try {
                    response = api.send("POST", "/auth/signup", null, signUp(email));
                } finally {
                    setSmtpPort(api, smtp, -1);
                }

                assertThat(response.status()).as(response.toString()).isEqualTo(201);
                assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(45));
            } finally {
                for (Socket socket : held) {
                    try {
                        socket.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }

        /** Points the realm's SMTP at {@code port}, or back at the original settings with -1. */
        private void setSmtpPort(CoffeeApi api, JsonNode original, int port) {
            @SuppressWarnings("unchecked")
            Map<String, Object> smtp = Http.JSON.convertValue(original, Map.class);
            if (port > 0) {
                smtp.put("port", String.valueOf(port));
            }
            Http.Response response = api.admin().send("PUT", "", Map.of("smtpServer", smtp));
            assertThat(response.status()).as(response.toString()).isEqualTo(204);
        }
    }
}
