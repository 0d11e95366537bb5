package uz.coffeeshop.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static uz.coffeeshop.it.gateway.GatewayAnswers.assertGatewayProblem;
import static uz.coffeeshop.it.gateway.GatewayAnswers.assertPassedTheDoor;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.FreePort;
import uz.coffeeshop.it.support.GatewayProcess;
import uz.coffeeshop.it.support.Http;

/**
 * Rate limits, each on gateways of their own with low limits, in front of the same real Keycloak: in memory with no
 * Redis configured (and CORS, and the trusted-proxy rules), shared by two gateways on the machine's Redis, two
 * gateways on a Redis of the test's own that is stopped under load and started again, and a Redis that is never
 * there.
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
                            // Proxies in 10/8 and 127.0.0.2 are believed: the tests talk from 127.0.0.1, a
                            // client, and from 127.0.0.2 when they play the trusted proxy.
                            "GATEWAY_TRUSTED_PROXIES", "10.0.0.0/8,127.0.0.2",
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
        void theLimitsLiveInTheGatewaysMemoryWhenNoRedisIsConfigured() {
            assertThat(gateway.log()).content().contains("Rate limits: in memory");
        }

        @Test
        void aMalformedForwardedForFromATrustedProxyIsTreatedAsNoHeader() {
            int port = gateway.baseUrl().getPort();
            String[] malformed = {"1:2", "not-an-ip, 203.0.113.5", "203.0.113.5,,", "::::::::::, 10.0.0.1"};
            for (String header : malformed) {
                RawHttp.Answer health = RawHttp.send(
                        "127.0.0.2", port, "GET", "/api/health", "X-Forwarded-For: " + header + "\r\n", "");
                assertThat(health.status()).as(header + ": " + health.text()).isEqualTo(200);
            }
            // Sign-ups with a malformed header all count against the proxy's own address, the TCP peer ...
            List<RawHttp.Answer> answers = new ArrayList<>();
            for (String header : malformed) {
                answers.add(RawHttp.send(
                        "127.0.0.2", port, "POST", "/api/auth/signup", "X-Forwarded-For: " + header + "\r\n", "{}"));
            }
            // ... while a well-formed one from the same proxy is believed: a client of its own, a bucket of its own.
            RawHttp.Answer believed = RawHttp.send(
                    "127.0.0.2", port, "POST", "/api/auth/signup", "X-Forwarded-For: 203.0.113.200\r\n", "{}");

            assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isLessThan(500));
            assertThat(answers.subList(0, 2))
                    .noneSatisfy(answer -> assertThat(answer.fromGateway()).isTrue());
            assertThat(answers.subList(2, 4)).allSatisfy(answer -> {
                assertThat(answer.status()).isEqualTo(429);
                assertThat(answer.fromGateway()).isTrue();
            });
            assertThat(believed.fromGateway()).as(believed.text()).isFalse();
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

    /** Two gateways on the machine's Redis, buckets of their own (a fresh key prefix). */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class SharedThroughRedis {

        private final String prefix = "it-shared-" + UUID.randomUUID();
        private GatewayProcess first;
        private GatewayProcess second;

        @BeforeAll
        void start(CoffeeStack stack) {
            first = sharedGateway(stack, "gateway-shared-1", prefix, 6379);
            second = sharedGateway(stack, "gateway-shared-2", prefix, 6379);
        }

        @AfterAll
        void stop() {
            closeAll(first, second);
        }

        @Test
        void whatOneGatewayGaveOutTheOtherKnowsAfterASync(CoffeeStack stack) {
            String token = GatewayRulesIT.userToken(stack, true);

            String user = null;
            for (int i = 0; i < BURST; i++) {
                Http.Response response = me(first, token);
                assertPassedTheDoor(response);
                user = response.json().path("id").asText();
            }
            awaitReported(6379, prefix, user);

            assertGatewayProblem(me(second, token), 429);
            assertGatewayProblem(me(first, token), 429);
            assertThat(Http.get(first.managementUrl().resolve("/actuator/info")).text())
                    .contains("\"mode\":\"shared\"");
        }

        @Test
        void twoGatewaysAtOnceOverspendAtMostTheDocumentedBound(CoffeeStack stack) throws Exception {
            String token = GatewayRulesIT.userToken(stack, true);
            ExecutorService clients = Executors.newFixedThreadPool(2);
            try {
                Future<Long> onFirst = clients.submit(() -> passed(first, token, 3 * BURST));
                Future<Long> onSecond = clients.submit(() -> passed(second, token, 3 * BURST));
                long passed = onFirst.get(1, TimeUnit.MINUTES) + onSecond.get(1, TimeUnit.MINUTES);

                // README, "Rate limits": N gateways let through at most (N - 1) x (burst + rate x sync interval)
                // beyond the limit; at 1 per minute and 250 ms the refill is below one call.
                assertThat(passed).isBetween((long) BURST, (long) BURST + (2 - 1) * (BURST + 1));
            } finally {
                clients.shutdownNow();
            }
        }

        private long passed(GatewayProcess gateway, String token, int calls) {
            long passed = 0;
            for (int i = 0; i < calls; i++) {
                Http.Response response = me(gateway, token);
                assertThat(response.status()).as(response.toString()).isLessThan(500);
                if (response.status() != 429) {
                    passed++;
                }
            }
            return passed;
        }
    }

    /**
     * Two gateways on a redis-server of the test's own, stopped by its PID under load and started again on the same
     * port: the limits hold per instance meanwhile, nothing answers 5xx, and the buckets are shared again after.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WhenRedisStopsUnderLoad {

        private final String prefix = "it-away-" + UUID.randomUUID();
        private OwnRedis redis;
        private GatewayProcess first;
        private GatewayProcess second;

        @BeforeAll
        void start(CoffeeStack stack) {
            redis = new OwnRedis(FreePort.next(), stack.workDir()).start();
            first = sharedGateway(stack, "gateway-away-1", prefix, redis.port());
            second = sharedGateway(stack, "gateway-away-2", prefix, redis.port());
        }

        @AfterAll
        void stop() {
            closeAll(first, second);
            if (redis != null) {
                redis.close();
            }
        }

        @Test
        void limitsHoldPerInstanceWhileRedisIsAwayAndAreSharedAgainWhenItIsBack(CoffeeStack stack) throws Exception {
            String loadToken = GatewayRulesIT.userToken(stack, true);
            String whileAway = GatewayRulesIT.userToken(stack, true);
            String afterwards = GatewayRulesIT.userToken(stack, true);
            awaitStore(first, 1);
            awaitStore(second, 1);
            AtomicBoolean loading = new AtomicBoolean(true);
            List<Integer> loadStatuses = new CopyOnWriteArrayList<>();
            ExecutorService load = Executors.newSingleThreadExecutor();
            Future<?> loadDone = load.submit(() -> {
                while (loading.get()) {
                    loadStatuses.add(me(first, loadToken).status());
                    loadStatuses.add(me(second, loadToken).status());
                    loadStatuses.add(emptySignUp(first).status());
                }
            });
            try {
                redis.stop();
                awaitStore(first, 0);
                awaitStore(second, 0);

                for (int i = 0; i < BURST; i++) {
                    assertPassedTheDoor(me(first, whileAway));
                    assertPassedTheDoor(me(second, whileAway));
                }
                assertGatewayProblem(me(first, whileAway), 429);
                assertGatewayProblem(me(second, whileAway), 429);
                assertThat(first.log()).content().contains("limiting per instance");
                assertThat(Http.get(first.managementUrl().resolve("/actuator/info"))
                                .text())
                        .contains("Redis unreachable");

                redis.start();
                awaitStore(first, 1);
                awaitStore(second, 1);
                String user = null;
                for (int i = 0; i < BURST; i++) {
                    Http.Response response = me(first, afterwards);
                    assertPassedTheDoor(response);
                    user = response.json().path("id").asText();
                }
                awaitReported(redis.port(), prefix, user);
                assertGatewayProblem(me(second, afterwards), 429);
            } finally {
                loading.set(false);
                loadDone.get(1, TimeUnit.MINUTES);
                load.shutdownNow();
            }
            assertThat(loadStatuses)
                    .isNotEmpty()
                    .allSatisfy(status -> assertThat(status).isLessThan(500));
            assertThat(metric(first, "coffee_gateway_rate_limit_sync_failures_total"))
                    .isPositive();
        }

        private void awaitStore(GatewayProcess gateway, int available) {
            Await.until(
                    gateway.log().getFileName() + " says the store is " + (available == 1 ? "up" : "away"),
                    Duration.ofSeconds(20),
                    () -> metric(gateway, "coffee_gateway_rate_limit_store_available") == available);
        }
    }

    /** A Redis configured where nothing listens, from the start: the gateway starts and limits on its own. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WhenRedisIsNeverThere {

        private GatewayProcess gateway;

        @BeforeAll
        void start(CoffeeStack stack) {
            gateway = sharedGateway(stack, "gateway-redis-down", "it-down-" + UUID.randomUUID(), FreePort.next());
        }

        @AfterAll
        void stop() {
            closeAll(gateway);
        }

        @Test
        void signUpIsLimitedPerInstanceInsteadOfRefusedWith503() {
            for (int i = 0; i < BURST; i++) {
                assertPassedTheDoor(emptySignUp(gateway));
            }
            Http.Response limited = emptySignUp(gateway);

            assertGatewayProblem(limited, 429);
            assertThat(metric(gateway, "coffee_gateway_rate_limit_store_available"))
                    .isZero();
            assertThat(gateway.log()).content().contains("does not answer");
        }

        @Test
        void callsWithATokenGoThrough(CoffeeStack stack) {
            String token = GatewayRulesIT.userToken(stack, true);

            assertPassedTheDoor(Http.get(url("/api/users/me"), token));
        }

        @Test
        void prometheusAndInfoAreOnTheManagementPortOnly() {
            Http.Response metrics = Http.get(gateway.managementUrl().resolve("/actuator/prometheus"));
            Http.Response publicMetrics = Http.get(url("/actuator/prometheus"));
            Http.Response publicInfo = Http.get(url("/actuator/info"));
            Http.Response ready = Http.get(url("/readyz"));

            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.text()).contains("jvm_memory_used_bytes");
            assertThat(publicMetrics.status()).isEqualTo(404);
            assertThat(publicInfo.status()).isEqualTo(404);
            assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
        }

        private URI url(String path) {
            return URI.create(gateway.baseUrl() + path);
        }
    }

    /** Per-user and per-IP limits of {@value #BURST} at once and 1 a minute, on a Redis at {@code redisPort}. */
    static GatewayProcess sharedGateway(CoffeeStack stack, String name, String prefix, int redisPort) {
        return GatewayProcess.start(
                gatewayJar(),
                stack.workDir(),
                name,
                stack.keycloak(),
                CoffeeStack.REALM,
                Map.of(
                        "REDIS_HOST",
                        "127.0.0.1",
                        "REDIS_PORT",
                        String.valueOf(redisPort),
                        "GATEWAY_RATE_LIMIT_KEY_PREFIX",
                        prefix,
                        "GATEWAY_MANAGEMENT_PORT",
                        String.valueOf(FreePort.next()),
                        "GATEWAY_SIGNUP_LIMIT_PER_MINUTE",
                        "1",
                        "GATEWAY_SIGNUP_LIMIT_BURST",
                        String.valueOf(BURST),
                        "GATEWAY_USER_LIMIT_PER_MINUTE",
                        "1",
                        "GATEWAY_USER_LIMIT_BURST",
                        String.valueOf(BURST)));
    }

    static final int BURST = 3;

    /** Waits until the user's shared bucket in Redis shows the burst given out (a gateway's sync reported it). */
    static void awaitReported(int redisPort, String prefix, String user) {
        String key = prefix + ".per-user:" + user;
        Await.until("Redis holds the reported bucket " + key, Duration.ofSeconds(10), () -> {
            String tokens = OwnRedis.hashField(redisPort, key, "t");
            return tokens != null && Double.parseDouble(tokens) < 1;
        });
    }

    /** A value of the gateway's Prometheus page; -1 when it is not there (yet). */
    static double metric(GatewayProcess gateway, String name) {
        String page = Http.get(gateway.managementUrl().resolve("/actuator/prometheus"))
                .text();
        for (String line : page.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }

    /** A sign-up the door lets through and Keycloak refuses (400): it draws from the per-IP bucket all the same. */
    static Http.Response emptySignUp(GatewayProcess gateway) {
        return Http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/auth/signup"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    static Http.Response me(GatewayProcess gateway, String token) {
        return Http.get(URI.create(gateway.baseUrl() + "/api/users/me"), token);
    }

    private static void closeAll(GatewayProcess... gateways) {
        for (GatewayProcess gateway : gateways) {
            if (gateway != null) {
                gateway.close();
            }
        }
    }
}
