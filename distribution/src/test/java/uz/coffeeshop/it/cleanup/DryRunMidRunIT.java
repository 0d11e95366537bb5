package uz.coffeeshop.it.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
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
import uz.coffeeshop.it.support.TestDatabase;

/**
 * The realm's dry-run switch turned on while a run goes on is honoured from the run's next batch (issue #13: a run
 * read the policy once, at its start, and went on deleting). A node of its own with batches of one user; the run's
 * first batch is held in its removal (the test locks a row of that user the removal must delete, and waits until
 * PostgreSQL says the run waits for it); meanwhile the switch is saved through the console's settings. The held
 * batch, judged before the switch, removes its user; the later ones only count, and the report says since when.
 */
@CoffeeStackTest
class DryRunMidRunIT {

    private static final int DUE = 3;

    @Test
    void aDryRunSwitchedOnMidRunKeepsTheUsersOfTheNextBatchesAndTheReportSaysWhen(CoffeeStack stack)
            throws SQLException {
        Map<String, String> options = Map.of(
                "spi-coffee-cleanup--default--interval-seconds", "3600",
                "spi-coffee-cleanup--default--batch-size", "1",
                "spi-coffee-cleanup--default--reminder-lead-minutes", "0");
        try (TestDatabase database = TestDatabase.create();
                KeycloakNode node = KeycloakNode.start(
                        stack.distribution(),
                        database,
                        stack.workDir(),
                        "cleanup-dry-mid-run",
                        options,
                        CoffeeStack.realmEnvironment(stack.mailbox()))) {
            CleanupRealm realm =
                    CleanupRealm.create(node, database, stack.mailbox().smtpPort(), 60, 0);
            List<String> due = realm.agedSignUps("due", DUE, Duration.ofHours(3));
            String token = realm.operatorToken();

            CompletableFuture<Http.Response> pending;
            Instant switched;
            try (Connection holder = database.connect()) {
                holder.setAutoCommit(false);
                CleanupRealm.holdRemovalOf(holder, due.get(0));
                pending = CleanupRuns.postAsync(realm.cleanupUrl(""), false, token);
                Await.until(
                        "the run's first batch waits for the held row",
                        Duration.ofSeconds(30),
                        () -> CleanupRealm.lockWaits(database) > 0);

                switched = Instant.now();
                Http.Response saved = saveDryRun(realm, token);
                assertThat(saved.status()).as("%s", saved).isEqualTo(200);
                holder.rollback();
            }

            JsonNode report = CleanupRuns.report(CleanupRuns.answer(pending, Duration.ofMinutes(1)));
            assertThat(report.path("complete").asBoolean())
                    .as(report.toString())
                    .isTrue();
            assertThat(report.path("dryRun").asBoolean())
                    .as("the run started for real")
                    .isFalse();
            assertThat(Instant.parse(report.path("turnedDryAt").asText()))
                    .as(report.toString())
                    .isAfterOrEqualTo(switched);
            assertThat(realm.exists(due.get(0)))
                    .as("the held batch was judged before the switch")
                    .isFalse();
            assertThat(realm.exists(due.get(1)))
                    .as("the next batch only counts")
                    .isTrue();
            assertThat(realm.exists(due.get(2))).isTrue();
            assertThat(realm.deletionEvents(due.get(1))).isEmpty();
            assertThat(report.path("deleted").asLong())
                    .as("what it deleted and what it would have: %s", report)
                    .isEqualTo(DUE);
        }
    }

    private static Http.Response saveDryRun(CleanupRealm realm, String token) {
        Map<String, Object> settings =
                Map.of("enabled", true, "lifetimeMinutes", 60, "reminderLeadMinutes", 0, "dryRun", true);
        return Http.send(HttpRequest.newBuilder(realm.cleanupUrl("/settings"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(Http.jsonBody(settings)));
    }
}
