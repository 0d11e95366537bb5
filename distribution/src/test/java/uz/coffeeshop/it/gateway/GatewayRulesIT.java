package uz.coffeeshop.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static uz.coffeeshop.it.gateway.GatewayAnswers.assertGatewayProblem;
import static uz.coffeeshop.it.gateway.GatewayAnswers.assertPassedTheDoor;
import static uz.coffeeshop.it.gateway.GatewayAnswers.assertUnauthorized;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.Tokens;

/**
 * The API table, enforced at the door of the real gateway in front of the real Keycloak: who may call what, what
 * is not there, what is refused before anything is forwarded, and what every answer carries.
 */
@CoffeeStackTest
class GatewayRulesIT {

    private static final String PASSWORD = "a long enough password";

    /** Every route that needs a permission, with the permission. */
    private static final List<String[]> ADMIN_ROUTES = List.of(
            new String[] {"GET", "/api/users", "users:read"},
            new String[] {"GET", "/api/users/" + UUID.randomUUID(), "users:read"},
            new String[] {"PATCH", "/api/users/" + UUID.randomUUID(), "users:write"},
            new String[] {"DELETE", "/api/users/" + UUID.randomUUID(), "users:delete"},
            new String[] {"PUT", "/api/users/" + UUID.randomUUID() + "/role", "roles:assign"},
            new String[] {"GET", "/api/admin/cleanup", "cleanup:run"},
            new String[] {"POST", "/api/admin/cleanup/run", "cleanup:run"},
            new String[] {"PUT", "/api/admin/cleanup/settings", "cleanup:run"},
            new String[] {"GET", "/api/admin/cleanup/runs/" + UUID.randomUUID(), "cleanup:run"},
            new String[] {"GET", "/api/admin/mail", "mail:read"},
            new String[] {"POST", "/api/admin/mail/" + UUID.randomUUID() + "/retry", "mail:retry"});

    @Nested
    class WithoutToken {

        @Test
        void protectedRoutesAnswer401WithBearerChallenge(CoffeeStack stack) {
            for (String[] route : ADMIN_ROUTES) {
                assertUnauthorized(call(stack, route[0], route[1], null, "{}"), false);
            }
            for (String method : List.of("GET", "PATCH", "DELETE")) {
                assertUnauthorized(call(stack, method, "/api/users/me", null, "{}"), false);
            }
        }

        @Test
        void openRoutesPassTheDoor(CoffeeStack stack) {
            Http.Response health = call(stack, "GET", "/api/health", null, null);
            assertThat(health.status()).as(health.toString()).isEqualTo(200);
            assertThat(health.json().path("realm").asText()).isEqualTo(CoffeeStack.REALM);

            assertPassedTheDoor(call(stack, "POST", "/api/auth/signup", null, "{}"));
            assertPassedTheDoor(call(stack, "POST", "/api/auth/verification-email", null, "{}"));
            assertPassedTheDoor(call(stack, "GET", "/api/openapi.json", null, null));
        }
    }

    @Nested
    class WithUserToken {

        @Test
        void verifiedUserPassesToHerOwnProfile(CoffeeStack stack) {
            String token = userToken(stack, true);

            for (String method : List.of("GET", "PATCH", "DELETE")) {
                if (!method.equals("DELETE")) {
                    assertPassedTheDoor(call(stack, method, "/api/users/me", token, "{}"));
                }
            }
        }

        @Test
        void unverifiedUserIsForbiddenHerProfileWithAClearReason(CoffeeStack stack) {
            // The realm lets no unverified user log in with a password, so Keycloak's own key signs no such token;
            // a key registered with the realm does, as a token of a user whose e-mail is not verified yet would be.
            ForgedTokens forger = ForgedTokens.registeredWith(stack.keycloak(), CoffeeStack.REALM);
            ForgedTokens.awaitAccepted(stack, forger);
            java.util.Map<String, Object> claims = ForgedTokens.goodClaims(stack.keycloak());
            claims.put("email_verified", false);
            String token = forger.sign(claims);

            Http.Response response = call(stack, "GET", "/api/users/me", token, null);

            assertGatewayProblem(response, 403);
            assertThat(response.json().path("detail").asText())
                    .contains("e-mail address is not verified")
                    .contains("/api/auth/verification-email");
        }

        @Test
        void userOnAdminRoutesIsForbiddenNamingThePermission(CoffeeStack stack) {
            String token = userToken(stack, true);

            for (String[] route : ADMIN_ROUTES) {
                Http.Response response = call(stack, route[0], route[1], token, "{}");
                assertGatewayProblem(response, 403);
                assertThat(response.json().path("detail").asText()).contains(route[2]);
                assertThat(response.header("WWW-Authenticate").orElse("")).contains("insufficient_scope");
            }
        }

        @Test
        void adminPassesToAdminRoutes(CoffeeStack stack) {
            KeycloakAdmin admin = new KeycloakAdmin(stack.keycloak(), CoffeeStack.REALM);
            String email = "gw-admin-" + UUID.randomUUID() + "@example.com";
            admin.assignRealmRole(admin.createUser(email, PASSWORD, true), "admin");
            String token = Tokens.login(stack.keycloak(), CoffeeStack.REALM, email, PASSWORD)
                    .accessToken();

            assertPassedTheDoor(call(stack, "GET", "/api/users", token, null));
            assertPassedTheDoor(call(stack, "GET", "/api/admin/cleanup", token, null));
            // An unknown mail: the extension's own 404 shows the call went through the door.
            Http.Response retry = call(stack, "POST", "/api/admin/mail/" + UUID.randomUUID() + "/retry", token, null);
            assertPassedTheDoor(retry);
            assertThat(retry.status()).as(retry.toString()).isEqualTo(404);
        }
    }

    @Nested
    class NotInTheTable {

        @Test
        void unknownPathsAre404ProblemsEvenForAnAdmin(CoffeeStack stack) {
            for (String path : List.of(
                    "/api/nope",
                    "/api",
                    "/",
                    "/realms/coffee-shop/protocol/openid-connect/certs",
                    "/admin/realms/coffee-shop/users",
                    "/api/admin/realms/coffee-shop/users",
                    "/api/users/me/credentials",
                    "/actuator/env",
                    "/actuator/prometheus")) {
                assertGatewayProblem(call(stack, "GET", path, masterAdminToken(stack), null), 404);
            }
        }

        @Test
        void wrongMethodIs405WithAllow(CoffeeStack stack) {
            Http.Response response = call(stack, "PUT", "/api/users/me", null, "{}");

            assertGatewayProblem(response, 405);
            assertThat(response.header("Allow").orElse("")).contains("GET", "PATCH", "DELETE");
            assertGatewayProblem(call(stack, "GET", "/api/auth/signup", null, null), 405);
        }

        @Test
        void pathTricksNeverReachTheAdminApi(CoffeeStack stack) {
            String admin = masterAdminToken(stack);
            for (String path : List.of(
                    "/api/../admin/realms/coffee-shop/users",
                    "/api/../../admin/realms/coffee-shop/users",
                    "/api/%2e%2e/%2e%2e/%2e%2e/admin/realms/coffee-shop/users",
                    "/api/%2E%2E/%2E%2E/admin/realms",
                    "/api/users/..%2f..%2f..%2fadmin/realms",
                    "/api/users/me/../../../../admin/realms/coffee-shop/users",
                    "/api/./health",
                    "/api//health",
                    "//api/health",
                    "/api/health/",
                    "/api/users%2Fme",
                    "/api/users%2fme",
                    "/api/users;jsessionid=1/me",
                    "/api/users/me;x=1",
                    "/api/health;/../../admin",
                    "/api/%68ealth")) {
                Http.Response response = call(stack, "GET", path, admin, null);
                assertGatewayProblem(response, 400);
                assertThat(response.json().path("type").asText()).endsWith("non-canonical-path");
            }
        }
    }

    @Nested
    class Bodies {

        @Test
        void bodyOverTheLimitIs413BeforeKeycloak(CoffeeStack stack) {
            String big = "{\"email\":\"" + "x".repeat(70 * 1024) + "\"}";

            assertGatewayProblem(call(stack, "POST", "/api/auth/signup", null, big), 413);
        }

        @Test
        void chunkedBodyOverTheLimitIs413Too(CoffeeStack stack) {
            byte[] big = ("{\"email\":\"" + "x".repeat(70 * 1024) + "\"}").getBytes();
            Http.Response response = Http.send(HttpRequest.newBuilder(url(stack, "/api/auth/signup"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));

            assertGatewayProblem(response, 413);
        }

        @Test
        void smallChunkedBodyIsForwarded(CoffeeStack stack) {
            byte[] small = "{}".getBytes();
            Http.Response response = Http.send(HttpRequest.newBuilder(url(stack, "/api/auth/signup"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(small))));

            assertPassedTheDoor(response);
        }
    }

    @Nested
    class EveryAnswer {

        @Test
        void carriesSecurityHeadersOnRefusalsAndForwardedAnswers(CoffeeStack stack) {
            for (Http.Response response : List.of(
                    call(stack, "GET", "/api/health", null, null),
                    call(stack, "GET", "/api/users/me", null, null),
                    call(stack, "GET", "/api/nope", null, null))) {
                assertThat(response.header("X-Content-Type-Options"))
                        .as(response.toString())
                        .contains("nosniff");
                assertThat(response.header("X-Frame-Options")).contains("DENY");
                assertThat(response.header("Referrer-Policy")).contains("no-referrer");
                assertThat(response.header("Content-Security-Policy").orElse(""))
                        .contains("default-src 'none'");
                assertThat(response.headers().allValues("X-Content-Type-Options"))
                        .hasSize(1);
            }
        }

        @Test
        void carriesTheRequestIdItWasGivenAndLogsIt(CoffeeStack stack) throws Exception {
            String id = "it-" + UUID.randomUUID();
            Http.Response given = Http.send(HttpRequest.newBuilder(url(stack, "/api/users/me"))
                    .header("X-Request-Id", id)
                    .GET());
            Http.Response fresh = call(stack, "GET", "/api/health", null, null);

            assertThat(given.header("X-Request-Id")).contains(id);
            assertThat(given.json().path("requestId").asText()).isEqualTo(id);
            assertThat(fresh.header("X-Request-Id").orElse("")).matches("[0-9a-f-]{36}");
            Await.until("the access line with the request id " + id, Duration.ofSeconds(10), () -> {
                try {
                    return Files.readString(stack.gateway().log()).contains(id);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        @Test
        void refusesAnInsaneRequestIdAndMakesItsOwn(CoffeeStack stack) {
            Http.Response response = Http.send(HttpRequest.newBuilder(url(stack, "/api/health"))
                    .header("X-Request-Id", "x\" injected=\"1")
                    .GET());

            assertThat(response.header("X-Request-Id").orElse("")).matches("[0-9a-f-]{36}");
        }

        @Test
        void corsPreflightFromAnUnlistedOriginIsRefused(CoffeeStack stack) {
            Http.Response response = Http.send(HttpRequest.newBuilder(url(stack, "/api/users/me"))
                    .header("Origin", "https://evil.example")
                    .header("Access-Control-Request-Method", "GET")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

            assertGatewayProblem(response, 403);
            assertThat(response.header("Access-Control-Allow-Origin")).isEmpty();
        }

        @Test
        void gatewayHealthAnswers(CoffeeStack stack) {
            Http.Response response = call(stack, "GET", "/actuator/health", null, null);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().path("status").asText()).isEqualTo("UP");
        }
    }

    static Http.Response call(CoffeeStack stack, String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(stack, path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Http.send(request);
    }

    static URI url(CoffeeStack stack, String path) {
        return URI.create(stack.gateway().baseUrl() + path);
    }

    static String userToken(CoffeeStack stack, boolean verified) {
        String email = "gw-user-" + UUID.randomUUID() + "@example.com";
        new KeycloakAdmin(stack.keycloak(), CoffeeStack.REALM).createUser(email, PASSWORD, verified);
        return Tokens.login(stack.keycloak(), CoffeeStack.REALM, email, PASSWORD)
                .accessToken();
    }

    private static String masterAdminToken(CoffeeStack stack) {
        return new KeycloakAdmin(stack.keycloak(), "master").token();
    }
}
