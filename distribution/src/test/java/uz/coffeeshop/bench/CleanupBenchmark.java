package uz.coffeeshop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.cleanup.CleanupRealm;
import uz.coffeeshop.it.cleanup.UserRows;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.Tokens;

/**
 * The unverified-user cleanup against the naive way, in one run on the real Keycloak and PostgreSQL of the stack:
 * {@code bench.cleanup.users} (default 10,000; 100,000 possible) unverified users past their deadline plus a
 * population that must stay (as many again: young, verified, exempt), written by bulk SQL. Measures users deleted
 * per second by one cleanup run against one {@code DELETE /admin/realms/{realm}/users/{id}} per user at concurrency
 * 4 (on {@code bench.cleanup.naive} other due users, default 2,000), Keycloak's peak heap during the run (from the
 * management port's {@code /metrics}), and a run with nothing to delete over the whole population.
 *
 * <p>{@code ./mvnw verify -Pbench -Dit.test=CleanupBenchmark [-Dbench.cleanup.users=100000]}
 */
@CoffeeStackTest
class CleanupBenchmark {

    private static final String REALM = CoffeeStack.REALM;

    @Test
    void cleanupRunAgainstOneAdminDeletePerUser(CoffeeStack stack) throws Exception {
        int users = Integer.getInteger("bench.cleanup.users", 10_000);
        int naive = Math.min(users, Integer.getInteger("bench.cleanup.naive", 2_000));
        KeycloakNode keycloak = stack.keycloak();
        UserRows rows = new UserRows(stack.database(), REALM);
        Instant old = Instant.now().minus(Duration.ofHours(3));
        long insertStart = System.nanoTime();
        rows.insert("due-", users, old, false, UserRows.Extra.VERIFY_EMAIL_PENDING, UserRows.Extra.SIGNED_UP);
        rows.insert("naive-", naive, old, false, UserRows.Extra.VERIFY_EMAIL_PENDING, UserRows.Extra.SIGNED_UP);
        rows.insert(
                "young-",
                users / 2,
                Instant.now(),
                false,
                UserRows.Extra.VERIFY_EMAIL_PENDING,
                UserRows.Extra.SIGNED_UP);
        rows.insert("verified-", users * 4 / 10, old, true, UserRows.Extra.EVER_VERIFIED);
        rows.insert(
                "exempt-",
                users / 10,
                old,
                false,
                UserRows.Extra.VERIFY_EMAIL_PENDING,
                UserRows.Extra.SIGNED_UP,
                UserRows.Extra.EXEMPT);
        System.out.printf(
                "[bench] cleanup: %d due + %d naive + %d staying users inserted in %d ms%n",
                users, naive, users, (System.nanoTime() - insertStart) / 1_000_000);

        KeycloakAdmin admin = new KeycloakAdmin(keycloak, REALM);
        String operator = admin.createUser(
                "bench-operator@coffee-shop.test",
                "operator password 123",
                true,
                Map.of("firstName", "Bench", "lastName", "Operator"));
        admin.assignRealmRole(operator, "admin");
        CleanupRealm.setRealmAttributes(
                admin,
                Map.of(
                        "coffee.cleanup.lifetimeMinutes",
                        "60",
                        "coffee.cleanup.reminderLeadMinutes",
                        "0",
                        "coffee.cleanup.enabledSince",
                        String.valueOf(Instant.now().minus(Duration.ofDays(30)).toEpochMilli())));

        double naiveRate = naiveDeletes(keycloak, rows.ids("naive-", naive));
        assertThat(rows.count("naive-")).isZero();

        HeapSampler heap = HeapSampler.start(keycloak);
        JsonNode report = run(keycloak, "bench-operator@coffee-shop.test");
        long peakHeap = heap.stop();
        assertThat(report.path("deleted").asLong()).as(report.toString()).isEqualTo(users);
        assertThat(rows.count("due-")).isZero();
        assertThat(rows.count("young-") + rows.count("verified-") + rows.count("exempt-"))
                .isEqualTo(users / 2 + users * 4 / 10 + users / 10);
        double ourRate = users / (report.path("durationMillis").asLong() / 1000.0);

        long population = rows.count("");
        JsonNode idle = run(keycloak, "bench-operator@coffee-shop.test");
        assertThat(idle.path("deleted").asLong()).isZero();

        BenchReport.row(
                "cleanup",
                "users deleted per second (" + users + " due)",
                ourRate,
                naiveRate,
                "users/s",
                "one cleanup run (batch 100) vs one admin DELETE per user at concurrency 4 (" + naive
                        + " users); higher is better");
        BenchReport.value(
                "cleanup",
                "Keycloak peak heap during the run",
                peakHeap / 1024.0 / 1024.0,
                "MiB",
                "heap before the run " + heap.before / 1024 / 1024 + " MiB, -Xmx1g");
        BenchReport.value(
                "cleanup",
                "run with nothing to delete",
                idle.path("durationMillis").asDouble(),
                "ms",
                "over " + population + " users of the realm ("
                        + idle.path("examined").asLong() + " examined)");
    }

    private static JsonNode run(KeycloakNode keycloak, String operator) {
        String token =
                Tokens.login(keycloak, REALM, operator, "operator password 123").accessToken();
        Http.Response response = Http.send(
                HttpRequest.newBuilder(keycloak.realmUrl(REALM)
                                .resolve("/realms/" + REALM + "/coffee/admin/cleanup/run?dryRun=false"))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody()),
                Duration.ofMinutes(30));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
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
