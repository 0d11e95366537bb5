package uz.coffeeshop.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static uz.coffeeshop.it.gateway.GatewayAnswers.assertGatewayProblem;
import static uz.coffeeshop.it.gateway.GatewayAnswers.assertPassedTheDoor;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.FreePort;
import uz.coffeeshop.it.support.GatewayProcess;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.ServerProcess;

/**
 * Rate limits in the real Redis, CORS and the Redis-down choice, each on a gateway of its own with settings for
 * the test (low limits; a Redis port where nothing listens), in front of the same real Keycloak.
 */
@CoffeeStackTest
class RateLimitIT {

    static Path gatewayJar() {
        return Path.of(System.getProperty("coffee.stack.lib", "target/stack")).resolve("coffee-gateway.jar");
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithLowLimits {

        private GatewayProcess gateway;

        @BeforeAll
        void start(CoffeeStack stack) {
            gateway = GatewayProcess.start(
                    gatewayJar(),
                    stack.workDir(),
                    "gateway-low-limits",
                    stack.keycloak(),
                    CoffeeStack.REALM,
                    Map.of(
                            "GATEWAY_SIGNUP_LIMIT_PER_MINUTE", "1",
                            "GATEWAY_SIGNUP_LIMIT_BURST", "2",
                            "GATEWAY_USER_LIMIT_PER_MINUTE", "1",
                            "GATEWAY_USER_LIMIT_BURST", "2",
                            // Only proxies in 10/8 are believed: the tests talk from 127.0.0.1, a client.
                            "GATEWAY_TRUSTED_PROXIES", "10.0.0.0/8",
                            "GATEWAY_ALLOWED_ORIGINS", "https://shop.example"));
        }

        @AfterAll
        void stop() {
            if (gateway != null) {
                gateway.close();
            }
        }

        @Test
        void signUpIsLimitedPerClientIpAndSpoofedForwardedForDoesNotHelp() {
            for (int i = 0; i < 2; i++) {
                assertPassedTheDoor(signUp("198.51.100." + i));
            }

            Http.Response limited = signUp("198.51.100.77");

            assertGatewayProblem(limited, 429);
            assertThat(limited.header("Retry-After")).contains("60");
            // Resend draws from the same per-IP bucket.
            assertGatewayProblem(post("/api/auth/verification-email", "203.0.113.9"), 429);
        }

        @Test
        void callsWithATokenAreLimitedPerUser(CoffeeStack stack) {
            String alice = GatewayRulesIT.userToken(stack, true);
            String bob = GatewayRulesIT.userToken(stack, true);

            assertPassedTheDoor(me(alice));
            assertPassedTheDoor(me(alice));
            Http.Response limited = me(alice);

            assertGatewayProblem(limited, 429);
            assertThat(limited.header("Retry-After")).contains("60");
            assertPassedTheDoor(me(bob));
        }

        @Test
        void corsAllowsTheConfiguredOriginOnly() {
            Http.Response preflight = Http.send(HttpRequest.newBuilder(url("/api/users/me"))
                    .header("Origin", "https://shop.example")
                    .header("Access-Control-Request-Method", "GET")
                    .header("Access-Control-Request-Headers", "authorization")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            Http.Response actual =
                    Http.send(HttpRequest.newBuilder(url("/api/health")).header("Origin", "https://shop.example"));
            Http.Response other =
                    Http.send(HttpRequest.newBuilder(url("/api/health")).header("Origin", "https://evil.example"));

            assertThat(preflight.status()).as(preflight.toString()).isEqualTo(200);
            assertThat(preflight.header("Access-Control-Allow-Origin")).contains("https://shop.example");
            assertThat(preflight
                            .header("Access-Control-Allow-Headers")
                            .orElse("")
                            .toLowerCase())
                    .contains("authorization");
            assertThat(actual.status()).isEqualTo(200);
            assertThat(actual.headers().allValues("Access-Control-Allow-Origin"))
                    .containsExactly("https://shop.example");
            assertGatewayProblem(other, 403);
        }

        private Http.Response signUp(String forwardedFor) {
            return post("/api/auth/signup", forwardedFor);
        }

        private Http.Response post(String path, String forwardedFor) {
            return Http.send(HttpRequest.newBuilder(url(path))
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", forwardedFor)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")));
        }

        private Http.Response me(String token) {
            return Http.get(url("/api/users/me"), token);
        }

        private URI url(String path) {
            return URI.create(gateway.baseUrl() + path);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WhenRedisIsDown {

        private ServerProcess gateway;
        private int port;
        private int managementPort;

        /** Started by hand: health lives on the management port here, where the harness does not look. */
        @BeforeAll
        void start(CoffeeStack stack) {
            port = FreePort.next();
            managementPort = FreePort.next();
            Map<String, String> env = new HashMap<>();
            env.put("GATEWAY_PORT", String.valueOf(port));
            env.put("GATEWAY_MANAGEMENT_PORT", String.valueOf(managementPort));
            env.put("KEYCLOAK_URL", stack.keycloak().baseUrl().toString());
            env.put("COFFEE_REALM", CoffeeStack.REALM);
            env.put("REDIS_PORT", String.valueOf(FreePort.next()));
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            gateway = ServerProcess.start(
                    "gateway-redis-down",
                    List.of(java, "-Xms64m", "-Xmx256m", "-jar", gatewayJar().toString()),
                    stack.workDir(),
                    env,
                    stack.workDir().resolve("gateway-redis-down.log"));
            gateway.awaitHealthy(
                    URI.create("http://127.0.0.1:" + managementPort + "/actuator/health"), Duration.ofMinutes(2));
        }

        @AfterAll
        void stop() {
            if (gateway != null) {
                gateway.close();
            }
        }

        @Test
        void signUpFailsClosedWith503() {
            Http.Response response = Http.send(HttpRequest.newBuilder(url("/api/auth/signup"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")));

            assertGatewayProblem(response, 503);
            assertThat(response.header("Retry-After")).isPresent();
        }

        @Test
        void callsWithATokenFailOpenWithAWarning(CoffeeStack stack) throws Exception {
            String token = GatewayRulesIT.userToken(stack, true);

            for (int i = 0; i < 5; i++) {
                assertPassedTheDoor(Http.get(url("/api/users/me"), token));
            }
            assertThat(Files.readString(gateway.log())).contains("fails open");
        }

        @Test
        void prometheusIsOnTheManagementPortOnly() {
            Http.Response metrics = Http.get(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"));
            Http.Response publicMetrics = Http.get(url("/actuator/prometheus"));
            Http.Response ready = Http.get(url("/readyz"));

            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.text()).contains("jvm_memory_used_bytes");
            assertThat(publicMetrics.status()).isEqualTo(404);
            assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
        }

        private URI url(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }
}
