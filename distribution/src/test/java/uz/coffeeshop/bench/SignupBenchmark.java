package uz.coffeeshop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.GatewayProcess;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.KeycloakNode;

/**
 * Sign-up throughput and latency through the gateway against what the password hash allows on the same cores,
 * once with the normal SMTP server and once with one that answers only after 2 s: with the outbox, the sign-up's
 * latency must not follow the SMTP server's. Also the peak memory of Keycloak and the gateway.
 *
 * <p>Sizes: {@code -Dcoffee.bench.signups=} (default 150 per SMTP variant) and {@code -Dcoffee.bench.clients=}
 * (concurrent clients, default twice the cores).
 */
@CoffeeStackTest
class SignupBenchmark {

    /** The sign-up API (through the gateway); the one constant to change should its path change. */
    static final String SIGNUP_PATH = "/api/auth/signup";

    private static final String BENCH = "sign-up";
    private static final Duration SLOW_SMTP = Duration.ofSeconds(2);
    private static final int SIGNUPS = Integer.getInteger("coffee.bench.signups", 150);
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    static final int CLIENTS = Integer.getInteger("coffee.bench.clients", 2 * CORES);
    private static final String PASSWORD = "a long enough password";

    @Test
    void signUpKeepsUpWithThePasswordHashAndIgnoresSmtpLatency(CoffeeStack stack) throws Exception {
        PasswordHashBound.Bound before = PasswordHashBound.measure(CORES, 5_000);

        // A gateway of our own whose per-IP sign-up limit does not throttle the load (it would answer 429).
        try (GatewayProcess gateway = GatewayProcess.start(
                Path.of(System.getProperty("coffee.stack.lib", "target/stack")).resolve("coffee-gateway.jar"),
                stack.workDir(),
                "bench-gateway",
                stack.keycloak(),
                CoffeeStack.REALM,
                Map.of(
                        "GATEWAY_SIGNUP_LIMIT_PER_MINUTE", "1000000",
                        "GATEWAY_SIGNUP_LIMIT_BURST", "100000",
                        "GATEWAY_RATE_LIMIT_KEY_PREFIX", "bench-" + UUID.randomUUID()))) {
            SignUp signUp = SignUp.choose(stack.keycloak(), gateway);
            System.out.println("[bench] signing up through " + signUp.describe());
            Run warmUp = run(signUp, Math.max(10, SIGNUPS / 10), "warm-up");
            assertThat(warmUp.failures()).as("failed sign-ups in the warm-up").isZero();

            Run normal = run(signUp, SIGNUPS, "normal SMTP");
            assertThat(normal.failures()).as("failed sign-ups with normal SMTP").isZero();
            Run slow;
            try (DelayingSmtpProxy proxy =
                    DelayingSmtpProxy.start(stack.mailbox().smtpPort(), SLOW_SMTP)) {
                setSmtpPort(stack.keycloak(), proxy.port());
                try {
                    // Its mails wait in the outbox (and go on waiting once the proxy is closed): not measured here.
                    slow = run(signUp, SIGNUPS, "SMTP +2 s");
                } finally {
                    setSmtpPort(stack.keycloak(), stack.mailbox().smtpPort());
                }
            }

            assertThat(slow.failures()).as("failed sign-ups with slow SMTP").isZero();

            // Measured before and after the load, the better of the two: on a machine shared with other work the
            // cores are sometimes busy elsewhere, and the bound is what they can do, not what they happened to do.
            PasswordHashBound.Bound bound = PasswordHashBound.best(before, PasswordHashBound.measure(CORES, 5_000));
            System.out.printf(
                    "[bench] argon2id bound: %.1f hashes/s on %d threads, %.1f ms per hash%n",
                    bound.hashesPerSecond(), bound.threads(), bound.singleHashMillis());

            String how = signUp.describe() + ", " + CLIENTS + " clients, " + SIGNUPS + " sign-ups";
            String boundNote = "baseline: argon2id (Keycloak's parameters) in-process on " + CORES + " threads";
            BenchReport.row(
                    BENCH,
                    "throughput, normal SMTP",
                    normal.perSecond(),
                    bound.hashesPerSecond(),
                    "/s",
                    how + "; " + boundNote + "; higher is better, 1.00× = hash-bound");
            BenchReport.row(
                    BENCH,
                    "p50, normal SMTP",
                    normal.percentile(50),
                    bound.singleHashMillis(),
                    "ms",
                    "baseline: one argon2id hash; lower is better");
            BenchReport.row(
                    BENCH,
                    "p99, normal SMTP",
                    normal.percentile(99),
                    bound.singleHashMillis(),
                    "ms",
                    "baseline: one argon2id hash; lower is better");
            BenchReport.row(
                    BENCH,
                    "throughput, SMTP +2 s",
                    slow.perSecond(),
                    normal.perSecond(),
                    "/s",
                    "baseline: the same with normal SMTP; ≈1.00× = SMTP latency not felt");
            BenchReport.row(
                    BENCH,
                    "p50, SMTP +2 s",
                    slow.percentile(50),
                    normal.percentile(50),
                    "ms",
                    "baseline: normal SMTP; a synchronous sender would add 2000 ms");
            BenchReport.row(
                    BENCH,
                    "p99, SMTP +2 s",
                    slow.percentile(99),
                    normal.percentile(99),
                    "ms",
                    "baseline: normal SMTP; a synchronous sender would add 2000 ms");
            PeakMemory.mebibytes(stack.keycloak().pid())
                    .ifPresent(mib -> BenchReport.value(
                            "memory", "Keycloak peak RSS", mib, "MiB", "VmHWM after the sign-up benchmark (-Xmx1g)"));
            PeakMemory.mebibytes(gateway.pid())
                    .ifPresent(mib -> BenchReport.value(
                            "memory", "gateway peak RSS", mib, "MiB", "VmHWM of the gateway under the sign-ups"));

            // Were the mail sent in the request, every sign-up would wait 2 s more for the greeting; half of that is
            // far beyond the noise of a shared machine between two runs of the same load.
            assertThat(slow.percentile(50))
                    .as("p50 with SMTP +2 s against p50 with normal SMTP")
                    .isLessThan(normal.percentile(50) + SLOW_SMTP.toMillis() / 2.0);
        }
    }

    static Run run(SignUp signUp, int count, String label) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        String batch = UUID.randomUUID().toString().substring(0, 8);
        long started = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                futures.add(clients.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < count; ) {
                        String email = "bench-" + batch + "-" + i + "@example.com";
                        long start = System.nanoTime();
                        int status = signUp.signUp(email);
                        double millis = (System.nanoTime() - start) / 1e6;
                        if (status / 100 == 2) {
                            latencies.add(millis);
                        } else {
                            failures.incrementAndGet();
                            System.err.println("[bench] sign-up of " + email + " answered " + status);
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            clients.shutdownNow();
        }
        Run run = new Run(latencies, (System.nanoTime() - started) / 1e9, failures.get());
        System.out.printf(
                "[bench] %s: %d sign-ups, %.1f/s, p50 %.0f ms, p99 %.0f ms, %d failed%n",
                label, latencies.size(), run.perSecond(), run.percentile(50), run.percentile(99), run.failures());
        return run;
    }

    record Run(List<Double> latencies, double seconds, int failures) {
        double perSecond() {
            return latencies.size() / seconds;
        }

        double percentile(int p) {
            List<Double> sorted = new ArrayList<>(latencies);
            sorted.sort(Double::compare);
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
        }
    }

    /** Points the realm's SMTP settings at another port, as an operator would in the admin console. */
    private static void setSmtpPort(KeycloakNode keycloak, int port) {
        KeycloakAdmin admin = new KeycloakAdmin(keycloak, CoffeeStack.REALM);
        JsonNode realm = admin.send("GET", "", null).json();
        ObjectNode smtp = ((ObjectNode) realm.path("smtpServer")).put("port", String.valueOf(port));
        Http.Response updated = admin.send("PUT", "", Map.of("smtpServer", smtp));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(204);
    }

    /**
     * How a sign-up is made: the sign-up API through the gateway ({@link #SIGNUP_PATH}); while that API is not there
     * (it answers 404 or 405), what it does, through Keycloak's admin API: create the account with its password, then send
     * Keycloak's verification mail.
     */
    interface SignUp {
        int signUp(String email);

        String describe();

        static SignUp choose(KeycloakNode keycloak, GatewayProcess gateway) {
            URI api = gateway.baseUrl().resolve(SIGNUP_PATH);
            Http.Response probe = Http.send(HttpRequest.newBuilder(api)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")));
            // No such resource yet: 404 from the gateway's catch-all, 405 from the extension's root resource.
            if (probe.status() != 404 && probe.status() != 405) {
                return new ThroughApi(api);
            }
            return new ThroughAdminApi(new KeycloakAdmin(keycloak, CoffeeStack.REALM));
        }
    }

    record ThroughApi(URI api) implements SignUp {
        @Override
        public int signUp(String email) {
            return Http.send(HttpRequest.newBuilder(api)
                            .header("Content-Type", "application/json")
                            .POST(Http.jsonBody(Map.of("email", email, "password", PASSWORD))))
                    .status();
        }

        @Override
        public String describe() {
            return "POST " + SIGNUP_PATH + " via the gateway";
        }
    }

    /** The stand-in: two admin calls per sign-up, with one admin token reused for 30 s (its lifespan is 60 s). */
    static final class ThroughAdminApi implements SignUp {
        private final KeycloakAdmin admin;
        private volatile String token;
        private volatile long tokenAt;

        ThroughAdminApi(KeycloakAdmin admin) {
            this.admin = admin;
        }

        @Override
        public int signUp(String email) {
            Http.Response created = call(
                    "POST",
                    "/users",
                    Map.of(
                            "username",
                            email,
                            "email",
                            email,
                            "enabled",
                            true,
                            "emailVerified",
                            false,
                            "credentials",
                            List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))));
            if (created.status() != 201) {
                return created.status();
            }
            String location = created.header("Location").orElseThrow();
            return call("PUT", location.substring(location.lastIndexOf("/users/")) + "/send-verify-email", null)
                    .status();
        }

        private Http.Response call(String method, String path, Object body) {
            return admin.send(method, path, body, token());
        }

        private String token() {
            if (token == null || System.currentTimeMillis() - tokenAt > 30_000) {
                synchronized (this) {
                    if (token == null || System.currentTimeMillis() - tokenAt > 30_000) {
                        token = admin.token();
                        tokenAt = System.currentTimeMillis();
                    }
                }
            }
            return token;
        }

        @Override
        public String describe() {
            return "Keycloak's admin API (create user + send-verify-email; " + SIGNUP_PATH
                    + " not there yet), not via the gateway";
        }
    }
}
