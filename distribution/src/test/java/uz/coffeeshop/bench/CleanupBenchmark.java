package uz.coffeeshop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.cleanup.CleanupRealm;
import uz.coffeeshop.it.cleanup.CleanupRuns;
import uz.coffeeshop.it.cleanup.UserRows;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.TestDatabase;
import uz.coffeeshop.it.support.Tokens;

/**
 * What the unverified-user cleanup costs the people who use the shop, in one run on a Keycloak node of its own (on
 * a fresh PostgreSQL database of the run, the stack's Keycloak left alone) at the shipped options: users go through
 * Keycloak's own removal, one thread, runs of at most {@code run-seconds} (20). Users are written by bulk SQL
 * straight into Keycloak's tables ({@link UserRows}): seeding 100,000 users through the admin API would take hours
 * on the shared 2-core machine; after each load the tables are analyzed, as autovacuum would do some time later.
 * The realm holds {@code bench.cleanup.population} (default 100,000) users who stay throughout. Measures
 *
 * <ul>
 *   <li>users deleted per second by back-to-back manual runs over {@code bench.cleanup.users} (default 2,000) due
 *       users against one {@code DELETE /admin/realms/{realm}/users/{id}} per user at concurrency 4 (on {@code
 *       bench.cleanup.naive} other due users, default 1,000), each way after a warm-up on {@code
 *       bench.cleanup.warmup} (200) users of its own;
 *   <li>the p99 of password logins at a fixed {@value #LOGINS_PER_SECOND}/s (open loop) while runs go on back to
 *       back, against the same logins on the idle node, for {@code bench.cleanup.login-seconds} (40: 160 logins,
 *       so that the p99 is not the single slowest) each way;
 *   <li>a run with nothing due over the whole realm;
 *   <li>Keycloak's peak heap during the deleting runs over the realm of 100,000 users, and, with {@code
 *       bench.cleanup.many} (default 0: skipped; it takes about 20 minutes at 100,000), during the runs
 *       that delete that many.
 * </ul>
 *
 * <p>{@code ./mvnw -B verify -Pbench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test='uz/coffeeshop/bench/CleanupBenchmark' [-Dbench.cleanup.many=100000]}
 */
@CoffeeStackTest
class CleanupBenchmark {

    private static final String REALM = CoffeeStack.REALM;
    private static final String OPERATOR = "bench-operator@coffee-shop.test";
    /** Logins go round these many customers: one user logging in 4 times a second trips brute-force detection. */
    private static final int CUSTOMERS = 8;

    private static final String PASSWORD = "operator password 123";
    static final int LOGINS_PER_SECOND = 4;
    /** How long logins are sampled each way ({@code bench.cleanup.login-seconds}): 160 logins by default. */
    private static final Duration LOGIN_WINDOW =
            Duration.ofSeconds(Integer.getInteger("bench.cleanup.login-seconds", 40));

    @Test
    void cleanupRunsAgainstOneAdminDeletePerUser(CoffeeStack stack) throws Exception {
        int users = Integer.getInteger("bench.cleanup.users", 2_000);
        int many = Integer.getInteger("bench.cleanup.many", 0);
        int population = Integer.getInteger("bench.cleanup.population", 100_000);
        int naive = Integer.getInteger("bench.cleanup.naive", 1_000);
        int warm = Integer.getInteger("bench.cleanup.warmup", 200);
        TestDatabase database = TestDatabase.postgres().orElseThrow(() -> new AssertionError("no PostgreSQL"));
        Map<String, String> options = new java.util.HashMap<>(Map.of(
                "spi-coffee-cleanup--default--interval-seconds", "86400",
                "spi-coffee-cleanup--default--reminder-lead-minutes", "0"));
        // Another batch size than the shipped one, to compare: -Dbench.cleanup.batch-size=25.
        java.util.Optional.ofNullable(System.getProperty("bench.cleanup.batch-size"))
                .ifPresent(size -> options.put("spi-coffee-cleanup--default--batch-size", size));
        Map<String, String> env = new java.util.HashMap<>(CoffeeStack.realmEnvironment(stack.mailbox()));
        // More JVM options for Keycloak's JVM, after the shipped ones: a profiler, or -XX:ThreadPriorityPolicy=0 to
        // see the cleanup's thread share the cores equally: -Dbench.cleanup.jvm-options="...".
        java.util.Optional.ofNullable(System.getProperty("bench.cleanup.jvm-options"))
                .ifPresent(jvm -> env.put("JAVA_OPTS_APPEND", KeycloakNode.SHIPPED_JVM_OPTIONS + " " + jvm));
        try (database;
                KeycloakNode keycloak = KeycloakNode.start(
                        stack.distributionFor(database), database, stack.workDir(), "cleanup-bench", options, env)) {
            UserRows rows = new UserRows(database, REALM);
            Instant old = Instant.now().minus(Duration.ofHours(3));
            KeycloakAdmin admin = new KeycloakAdmin(keycloak, REALM);
            admin.assignRealmRole(
                    admin.createUser(OPERATOR, PASSWORD, true, Map.of("firstName", "Bench", "lastName", "Operator")),
                    "admin");
            for (int customer = 0; customer < CUSTOMERS; customer++) {
                admin.createUser(
                        customer(customer), PASSWORD, true, Map.of("firstName", "Bench", "lastName", "Customer"));
            }
            CleanupRealm.setRealmAttributes(
                    admin,
                    Map.of(
                            "coffee.cleanup.lifetimeMinutes",
                            "60",
                            "coffee.cleanup.reminderLeadMinutes",
                            "0",
                            "coffee.cleanup.enabledSince",
                            String.valueOf(
                                    Instant.now().minus(Duration.ofDays(30)).toEpochMilli())));
            staying(rows, "stay-", population, old);
            Operator operator = new Operator(keycloak);
            JsonNode policy =
                    Http.get(operator.cleanupUrl(), operator.token()).json().path("policy");
            String setting = "batch " + policy.path("batchSize").asInt() + ", runs of "
                    + policy.path("runSeconds").asInt() + " s";

            // Both ways warmed up first on users of their own: a cold node measures its JIT, and the admin API's
            // DELETE path is as cold before its first call.
            due(rows, "warm-naive-", warm, old);
            naiveDeletes(keycloak, rows.ids("warm-naive-", warm));
            due(rows, "warm-", warm, old);
            untilNothingDue(operator);

            // The naive way: one admin DELETE per user, 4 at a time.
            due(rows, "naive-", naive, old);
            double naiveRate = naiveDeletes(keycloak, rows.ids("naive-", naive));
            assertThat(rows.count("naive-")).isZero();

            // Runs back to back over `users` due users: their rate and their peak heap.
            due(rows, "due-", users, old);
            HeapSampler heap = HeapSampler.start(keycloak);
            Runs runs = untilNothingDue(operator);
            long peakHeap = heap.stop();
            assertThat(runs.deleted).isEqualTo(users);
            assertThat(rows.count("due-")).isZero();
            BenchReport.row(
                    "cleanup",
                    "users deleted per second (" + users + " due)",
                    runs.rate(),
                    naiveRate,
                    "users/s",
                    runs.count + " manual runs (" + setting + ", Keycloak's own removal) vs one admin DELETE per"
                            + " user at concurrency 4 (" + naive + " users), same run, each after a warm-up of "
                            + warm + " users; higher is better, aim >= 1.0");

            // Password logins at a fixed low rate, on the idle node, then while runs go on back to back.
            java.util.function.LongFunction<HttpRequest> login =
                    call -> loginRequest(keycloak, customer((int) (call % CUSTOMERS)));
            OpenLoop.run(login, LOGINS_PER_SECOND, Duration.ofSeconds(3)); // warm-up
            OpenLoop.Result idle = OpenLoop.run(login, LOGINS_PER_SECOND, LOGIN_WINDOW);
            // More due users than the window's runs get through, so that a run goes on the whole window.
            int busyUsers = Math.max(users * 2, (int) LOGIN_WINDOW.toSeconds() * 200);
            due(rows, "busy-", busyUsers, old);
            AtomicBoolean sampling = new AtomicBoolean(true);
            CompletableFuture<Runs> busyRuns = CompletableFuture.supplyAsync(() -> whileSampling(operator, sampling));
            OpenLoop.Result busy = OpenLoop.run(login, LOGINS_PER_SECOND, LOGIN_WINDOW);
            sampling.set(false);
            Runs during = busyRuns.get(5, TimeUnit.MINUTES);
            untilNothingDue(operator);
            assertThat(rows.count("busy-")).isZero();
            BenchReport.row(
                    "cleanup",
                    "password login p99 during a run",
                    busy.percentileMillis(99),
                    idle.percentileMillis(99),
                    "ms",
                    setting + "; " + LOGINS_PER_SECOND + " logins/s open loop for " + LOGIN_WINDOW.toSeconds()
                            + " s vs the same on the idle node; p50 " + round(busy.percentileMillis(50)) + " vs "
                            + round(idle.percentileMillis(50)) + " ms; " + during.deleted + " users deleted by "
                            + during.count + " runs meanwhile; logins not answered 200 within 10 s: " + busy.errors()
                            + " of " + busy.calls() + " during, " + idle.errors() + " of " + idle.calls()
                            + " idle; lower is better, aim <= 1.5");

            // Nothing due, over everyone who stays. Twice: the second is what every later run costs.
            long everyone = rows.count("");
            JsonNode first = operator.run();
            JsonNode nothing = operator.run();
            assertThat(nothing.path("deleted").asLong()).isZero();
            assertThat(rows.count("stay-")).isEqualTo(population);
            BenchReport.value(
                    "cleanup",
                    "run with nothing due",
                    nothing.path("durationMillis").asDouble(),
                    "ms",
                    "over " + everyone + " users of the realm ("
                            + nothing.path("examined").asLong()
                            + " examined: the sign-ups a rule protects, counted by one query); the first such run"
                            + " took " + first.path("durationMillis").asLong() + " ms; aim < 1000 ms");
            BenchReport.value(
                    "cleanup",
                    "Keycloak peak heap during the runs over " + users + " due users",
                    mib(peakHeap),
                    "MiB",
                    "in a realm of " + everyone + " users; heap before the runs " + Math.round(mib(heap.before))
                            + " MiB, -Xmx1g");

            if (many > 0) {
                due(rows, "many-", many, old);
                HeapSampler manyHeap = HeapSampler.start(keycloak);
                Runs manyRuns = untilNothingDue(operator);
                long manyPeak = manyHeap.stop();
                assertThat(manyRuns.deleted).isEqualTo(many);
                BenchReport.value(
                        "cleanup",
                        "Keycloak peak heap during the runs over " + many + " due users",
                        mib(manyPeak),
                        "MiB",
                        "heap before the runs " + Math.round(mib(manyHeap.before)) + " MiB; " + manyRuns.count
                                + " runs, " + Math.round(manyRuns.rate()) + " users/s");
            }
        }
    }

    /** Runs back to back until one reaches the last candidate. */
    private static Runs untilNothingDue(Operator operator) {
        Runs runs = new Runs();
        JsonNode report;
        do {
            report = operator.run();
            runs.add(report);
        } while (!report.path("complete").asBoolean());
        return runs;
    }

    /** Runs back to back while the logins are sampled. */
    private static Runs whileSampling(Operator operator, AtomicBoolean sampling) {
        Runs runs = new Runs();
        while (sampling.get()) {
            runs.add(operator.run());
        }
        return runs;
    }

    /** What runs did together. */
    private static final class Runs {
        int count;
        long deleted;
        long millis;

        void add(JsonNode report) {
            count++;
            deleted += report.path("deleted").asLong();
            millis += report.path("durationMillis").asLong();
        }

        double rate() {
            return deleted / (millis / 1000.0);
        }
    }

    /** Due: signed up 3 hours ago (lifetime 60 minutes), never verified, the verify-e-mail action pending. */
    private static void due(UserRows rows, String prefix, int count, Instant old) {
        long start = System.nanoTime();
        rows.insert(prefix, count, old, false, UserRows.Extra.VERIFY_EMAIL_PENDING, UserRows.Extra.SIGNED_UP);
        rows.analyze();
        System.out.printf(
                "[bench] cleanup: %d %s users inserted in %d ms%n",
                count, prefix, (System.nanoTime() - start) / 1_000_000);
    }

    /** Users that stay: 40% verified, 50% young sign-ups, 10% exempt. */
    private static void staying(UserRows rows, String prefix, int count, Instant old) {
        rows.insert(prefix + "verified-", count * 4 / 10, old, true, UserRows.Extra.EVER_VERIFIED);
        rows.insert(
                prefix + "young-",
                count / 2,
                Instant.now(),
                false,
                UserRows.Extra.VERIFY_EMAIL_PENDING,
                UserRows.Extra.SIGNED_UP);
        rows.insert(
                prefix + "exempt-",
                count - count * 4 / 10 - count / 2,
                old,
                false,
                UserRows.Extra.VERIFY_EMAIL_PENDING,
                UserRows.Extra.SIGNED_UP,
                UserRows.Extra.EXEMPT);
        rows.analyze();
    }

    private static String customer(int number) {
        return "bench-customer-" + number + "@coffee-shop.test";
    }

    private static HttpRequest loginRequest(KeycloakNode keycloak, String customer) {
        return HttpRequest.newBuilder(Tokens.tokenEndpoint(keycloak, REALM))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10))
                .POST(Http.form(
                        "grant_type",
                        "password",
                        "client_id",
                        Tokens.CLI_CLIENT,
                        "scope",
                        "openid",
                        "username",
                        customer,
                        "password",
                        PASSWORD))
                .build();
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }

    private static String round(double millis) {
        return String.format(java.util.Locale.ROOT, "%.0f", millis);
    }

    /**
     * The operator who asks for runs. The token is kept for 4 minutes: a login is an argon2 hash, one per run would
     * load the node being measured.
     */
    private static final class Operator {
        private final KeycloakNode keycloak;
        private String token;
        private long tokenAt;

        Operator(KeycloakNode keycloak) {
            this.keycloak = keycloak;
        }

        URI cleanupUrl() {
            return keycloak.realmUrl(REALM).resolve("/realms/" + REALM + "/coffee/admin/cleanup");
        }

        synchronized String token() {
            if (token == null || System.nanoTime() - tokenAt > TimeUnit.MINUTES.toNanos(4)) {
                token = Tokens.login(keycloak, REALM, OPERATOR, PASSWORD).accessToken();
                tokenAt = System.nanoTime();
            }
            return token;
        }

        JsonNode run() {
            return CleanupRuns.ok(cleanupUrl(), false, token());
        }
    }

    /** One admin DELETE per user, 4 at a time, with a master token renewed before it expires. */
    private static double naiveDeletes(KeycloakNode keycloak, List<String> ids) throws Exception {
        KeycloakAdmin master = new KeycloakAdmin(keycloak, REALM);
        AtomicReference<String> token = new AtomicReference<>(master.token());
        AtomicLong tokenAt = new AtomicLong(System.nanoTime());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long start = System.nanoTime();
        try {
            List<Future<Integer>> results = ids.stream()
                    .map(id -> pool.submit(() -> {
                        if (System.nanoTime() - tokenAt.get() > TimeUnit.SECONDS.toNanos(30)) {
                            synchronized (token) {
                                if (System.nanoTime() - tokenAt.get() > TimeUnit.SECONDS.toNanos(30)) {
                                    token.set(master.token());
                                    tokenAt.set(System.nanoTime());
                                }
                            }
                        }
                        return Http.send(HttpRequest.newBuilder(
                                                keycloak.baseUrl().resolve("/admin/realms/" + REALM + "/users/" + id))
                                        .header("Authorization", "Bearer " + token.get())
                                        .DELETE())
                                .status();
                    }))
                    .toList();
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(204);
            }
        } finally {
            pool.shutdown();
        }
        return ids.size() / ((System.nanoTime() - start) / 1e9);
    }

    /** Polls Keycloak's heap (sum of the heap pools on /metrics) every 200 ms and keeps the peak. */
    private static final class HeapSampler {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong peak = new AtomicLong();
        private final Thread thread;
        private final long before;

        private HeapSampler(KeycloakNode keycloak) {
            before = heap(keycloak);
            thread = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(heap(keycloak), Math::max);
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        static HeapSampler start(KeycloakNode keycloak) {
            HeapSampler sampler = new HeapSampler(keycloak);
            sampler.thread.start();
            return sampler;
        }

        long stop() throws InterruptedException {
            running.set(false);
            thread.join();
            return peak.get();
        }

        private static long heap(KeycloakNode keycloak) {
            String metrics =
                    Http.get(keycloak.managementUrl().resolve("/metrics")).text();
            double sum = 0;
            for (String line : metrics.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return (long) sum;
        }
    }
}
