package uz.coffeeshop.it.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.ProcessThreads;
import uz.coffeeshop.it.support.TestDatabase;
import uz.coffeeshop.it.support.Tokens;

/**
 * A manual run is bounded as a scheduled tick is and answers its report when it ends. A node of its own whose runs
 * start batches for one second ({@code run-seconds}), batches of one user. The run's first batch is held in its
 * removal, without a sleep (the test locks a row of that user which the removal must delete, and waits until
 * PostgreSQL says the batch waits for it); meanwhile a second run is refused 409 (the run holds the scheduled task's
 * cluster lock) and the preview, which only reads, answers. Once the run's second has passed, the hold is let go:
 * the run ends after that batch, with the first user deleted, the others left and {@code complete: false}; the next
 * run deletes them. While it is held, the run is seen on the node's cleanup thread, at nice 19.
 */
@CoffeeStackTest
class ManualRunIT {

    private static final int DUE = 3;
    private static final Duration RUN_TIME = Duration.ofSeconds(1);
    private static final String PLAIN_PASSWORD = "a long enough password";

    @Test
    void aRunAnswersItsReportStopsWhenItsTimeIsUpAndASecondRunMeanwhileIs409(CoffeeStack stack) throws SQLException {
        Map<String, String> options = Map.of(
                "spi-coffee-cleanup--default--interval-seconds", "3600",
                "spi-coffee-cleanup--default--run-seconds", String.valueOf(RUN_TIME.toSeconds()),
                "spi-coffee-cleanup--default--batch-size", "1",
                "spi-coffee-cleanup--default--reminder-lead-minutes", "0");
        try (TestDatabase database = TestDatabase.create();
                KeycloakNode node = KeycloakNode.start(
                        stack.distribution(),
                        database,
                        stack.workDir(),
                        "cleanup-manual-run",
                        options,
                        CoffeeStack.realmEnvironment(stack.mailbox()))) {
            CleanupRealm realm =
                    CleanupRealm.create(node, database, stack.mailbox().smtpPort(), 60, 0);
            List<String> due = realm.agedSignUps("due", DUE, Duration.ofHours(3));
            String token = realm.operatorToken();

            CompletableFuture<Http.Response> pending;
            try (Connection holder = database.connect()) {
                holder.setAutoCommit(false);
                CleanupRealm.holdRemovalOf(holder, due.get(0));
                pending = CleanupRuns.postAsync(realm.cleanupUrl(""), false, token);
                Await.until(
                        "the run's first batch waits for the held row",
                        Duration.ofSeconds(30),
                        () -> CleanupRealm.lockWaits(database) > 0);
                Instant held = Instant.now();
                assertThat(ProcessThreads.nice(node.pid(), "coffee-cleanup"))
                        .as("the run works on the cleanup thread, at nice 19 as the shipped JVM options make it")
                        .containsExactly(19);

                Http.Response second = CleanupRuns.post(realm.cleanupUrl(""), false, token);
                assertThat(second.status()).as("%s", second).isEqualTo(409);
                assertThat(second.contentType()).startsWith("application/problem+json");
                assertThat(second.json().path("type").asText()).endsWith("cleanup-running");
                JsonNode preview = CleanupRuns.ok(realm.cleanupUrl(""), true, token);
                assertThat(preview.path("dryRun").asBoolean()).isTrue();
                assertThat(preview.path("deleted").asLong())
                        .as("the preview counts what a run would delete: %s", preview)
                        .isEqualTo(DUE);

                Await.until(
                        "the run's time is up",
                        RUN_TIME.multipliedBy(5),
                        () -> Instant.now().isAfter(held.plus(RUN_TIME)));
                holder.rollback();
            }

            Http.Response answered = CleanupRuns.answer(pending, Duration.ofMinutes(1));
            JsonNode first = CleanupRuns.report(answered);
            assertThat(first.path("trigger").asText()).isEqualTo("manual");
            assertThat(first.path("complete").asBoolean())
                    .as("the run stopped when its time was up: %s", first)
                    .isFalse();
            assertThat(first.path("deleted").asLong()).isEqualTo(1);
            assertThat(first.path("users").get(0).path("id").asText()).isEqualTo(due.get(0));
            assertThat(realm.exists(due.get(0))).isFalse();
            assertThat(realm.exists(due.get(1))).isTrue();
            assertThat(realm.exists(due.get(2))).isTrue();

            JsonNode next = realm.runOk(false);
            assertThat(next.path("complete").asBoolean()).as(next.toString()).isTrue();
            assertThat(next.path("deleted").asLong()).isEqualTo(DUE - 1);
            assertThat(realm.exists(due.get(1))).isFalse();
            assertThat(realm.exists(due.get(2))).isFalse();

            URI reportUrl = URI.create(answered.header("Location").orElseThrow());
            JsonNode kept = Http.get(reportUrl, token).json();
            assertThat(kept.path("id").asText()).isEqualTo(first.path("id").asText());
            assertThat(kept.path("deleted").asLong()).isEqualTo(1);
            Http.Response unknown = Http.get(realm.cleanupUrl("/runs/no-such-run"), token);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.contentType()).startsWith("application/problem+json");

            // From the attacker's side, straight at Keycloak (no gateway in the way): a run's report is the admins'.
            assertThat(Http.get(reportUrl).status()).as("without a token").isEqualTo(401);
            String plainEmail = CleanupRealm.email("plain");
            realm.admin.createUser(plainEmail, PLAIN_PASSWORD, true, Map.of("firstName", "Plain", "lastName", "User"));
            String plainToken = Tokens.login(realm.node, realm.name, plainEmail, PLAIN_PASSWORD)
                    .accessToken();
            Http.Response refused = Http.get(reportUrl, plainToken);
            assertThat(refused.status())
                    .as("a user without cleanup:run: %s", refused)
                    .isEqualTo(403);
            assertThat(refused.text()).doesNotContain(due.get(0));
        }
    }
}
