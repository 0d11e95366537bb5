package uz.coffeeshop.it.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.TestDatabase;

/**
 * Two Keycloak nodes of one cluster (embedded Infinispan, JDBC_PING discovery) on one fresh PostgreSQL database,
 * the imported coffee-shop realm, the cleanup every 20 seconds in small batches. One node crashes (kill -9) in the middle
 * of a run, then the database drops every connection: every due user is still deleted, each
 * exactly once, the young ones stay, and no two scheduled runs overlap.
 */
@CoffeeStackTest
class CleanupClusterIT {

    private static final int DUE = 600;
    private static final int YOUNG = 50;

    @Test
    void twoNodesDeleteEveryDueUserExactlyOnceAndOneNodeDoesEachRunEvenAcrossACrash(CoffeeStack stack) {
        Map<String, String> options = Map.of(
                "spi-coffee-cleanup--default--interval-seconds", "20",
                "spi-coffee-cleanup--default--batch-size", "5",
                "spi-coffee-cleanup--default--reminder-lead-minutes", "0");
        Map<String, String> env = CoffeeStack.realmEnvironment(stack.mailbox());
        try (TestDatabase database = TestDatabase.create();
                KeycloakNode first =
                        KeycloakNode.start(stack.distribution(), database, stack.workDir(), "cleanup-a", options, env);
                KeycloakNode second = KeycloakNode.start(
                        stack.distribution(), database, stack.workDir(), "cleanup-b", options, env)) {
            UserRows rows = new UserRows(database, CoffeeStack.REALM);
            rows.insert(
                    "due-",
                    DUE,
                    Instant.now().minus(Duration.ofHours(3)),
                    false,
                    UserRows.Extra.VERIFY_EMAIL_PENDING,
                    UserRows.Extra.SIGNED_UP);
            rows.insert(
                    "young-",
                    YOUNG,
                    Instant.now(),
                    false,
                    UserRows.Extra.VERIFY_EMAIL_PENDING,
                    UserRows.Extra.SIGNED_UP);
            KeycloakAdmin admin = new KeycloakAdmin(first, CoffeeStack.REALM);
            String operator = admin.createUser(
                    "operator@cluster.test",
                    "operator password 123",
                    true,
                    Map.of("firstName", "Cluster", "lastName", "Operator"));
            admin.assignRealmRole(operator, "admin");
            String token = uz.coffeeshop.it.support.Tokens.login(
                            first, CoffeeStack.REALM, "operator@cluster.test", "operator password 123")
                    .accessToken();
            // The policy switched on long ago, lifetime 60 minutes: every due- user is past its deadline.
            CleanupRealm.setRealmAttributes(
                    admin,
                    Map.of(
                            "coffee.cleanup.lifetimeMinutes",
                            "60",
                            "coffee.cleanup.enabledSince",
                            String.valueOf(
                                    Instant.now().minus(Duration.ofDays(30)).toEpochMilli())));

            // A manual run on the first node, killed once it has deleted some users.
            CompletableFuture.runAsync(() -> {
                try {
                    Http.send(HttpRequest.newBuilder(first.baseUrl()
                                    .resolve("/realms/coffee-shop/coffee/admin/cleanup/run?dryRun=false"))
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.noBody()));
                } catch (RuntimeException expected) {
                    // the node dies under it
                }
            });
            awaitRemaining(rows, remaining -> remaining < DUE, Duration.ofSeconds(60));
            first.kill();
            long afterCrash = rows.count("due-");
            assertThat(afterCrash).as("the crash came in the middle of the run").isPositive();

            // PostgreSQL drops every connection (as in a restart): the second node's pooled ones are dead now, and
            // its next scheduled runs must still finish the job.
            assertThat(rows.dropConnections()).isPositive();

            awaitRemaining(rows, remaining -> remaining == 0, Duration.ofSeconds(180));
            assertThat(rows.count("young-")).isEqualTo(YOUNG);
            long[] events = rows.deletionEvents("due-");
            assertThat(events[0]).as("one DELETE admin event per due user").isEqualTo(DUE);
            assertThat(events[1]).as("no user deleted twice").isEqualTo(DUE);

            String onSecond = uz.coffeeshop.it.support.Tokens.login(
                            second, CoffeeStack.REALM, "operator@cluster.test", "operator password 123")
                    .accessToken();
            List<JsonNode> scheduled = scheduledRuns(second, onSecond);
            assertThat(scheduled).isNotEmpty();
            for (int i = 1; i < scheduled.size(); i++) {
                Instant previousEnd =
                        Instant.parse(scheduled.get(i - 1).path("finishedAt").asText());
                Instant start = Instant.parse(scheduled.get(i).path("startedAt").asText());
                assertThat(start)
                        .as("scheduled runs never overlap: %s", scheduled)
                        .isAfterOrEqualTo(previousEnd);
            }
            assertThat(scheduled)
                    .allSatisfy(run -> assertThat(run.path("node").asText()).isNotBlank());
        }
    }

    /** The scheduled runs in the realm's history, as the cleanup API of {@code node} answers them. */
    private static List<JsonNode> scheduledRuns(KeycloakNode node, String token) {
        JsonNode history = Http.get(
                        node.baseUrl().resolve("/realms/" + CoffeeStack.REALM + "/coffee/admin/cleanup"), token)
                .json()
                .path("history");
        List<JsonNode> runs = new ArrayList<>();
        history.forEach(run -> {
            if ("scheduled".equals(run.path("trigger").asText())) {
                runs.add(run);
            }
        });
        runs.sort(
                Comparator.comparing(run -> Instant.parse(run.path("startedAt").asText())));
        return runs;
    }

    private static void awaitRemaining(UserRows rows, Predicate<Long> done, Duration timeout) {
        Await.until(
                () -> rows.count("due-"),
                done,
                Duration.ofMillis(100),
                timeout,
                remaining -> new AssertionError("still " + remaining + " due users after " + timeout));
    }
}
