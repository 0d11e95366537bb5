package uz.coffeeshop.it.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.TestDatabase;
import uz.coffeeshop.it.support.Tokens;

/**
 * One run at a time in the cluster, through Keycloak's own cluster lock: a manual run takes the lock the scheduled
 * task's runner takes, so while a run of the first node goes on, the second node's manual run is refused 409 {@code
 * cleanup-running}; the preview, which only reads, answers on either node. The first node's run is held in its
 * removal, without a sleep: the test locks a row of the due user that the removal must delete. Once the hold is
 * let go the run answers its report and gives the lock back, and the second node's run goes. The run's state is not
 * among the realm's attributes, so a console save of the realm read during the run cannot write it back.
 */
@CoffeeStackTest
class RunLockIT {

    @Test
    void whileARunGoesOnAnotherNodesRunIsRefusedAndItsPreviewAnswers(CoffeeStack stack) throws SQLException {
        Map<String, String> options = Map.of(
                "spi-coffee-cleanup--default--interval-seconds", "3600",
                "spi-coffee-cleanup--default--batch-size", "1",
                "spi-coffee-cleanup--default--reminder-lead-minutes", "0");
        Map<String, String> env = CoffeeStack.realmEnvironment(stack.mailbox());
        try (TestDatabase database = TestDatabase.create();
                KeycloakNode first =
                        KeycloakNode.start(stack.distribution(), database, stack.workDir(), "lock-a", options, env);
                KeycloakNode second =
                        KeycloakNode.start(stack.distribution(), database, stack.workDir(), "lock-b", options, env)) {
            CleanupRealm realm =
                    CleanupRealm.create(first, database, stack.mailbox().smtpPort(), 60, 0);
            String due = realm.signedUpUser(CleanupRealm.email("due"));
            realm.age(due, Duration.ofHours(3));
            realm.forgetCache();
            String firstToken = realm.operatorToken();
            String secondToken = Tokens.login(second, realm.name, realm.operatorEmail, CleanupRealm.OPERATOR_PASSWORD)
                    .accessToken();
            URI onSecond = second.baseUrl().resolve("/realms/" + realm.name + "/coffee/admin/cleanup");

            CompletableFuture<Http.Response> pending;
            JsonNode consoleView;
            try (Connection holder = database.connect()) {
                holder.setAutoCommit(false);
                CleanupRealm.holdRemovalOf(holder, due);
                pending = CleanupRuns.postAsync(realm.cleanupUrl(""), false, firstToken);
                Await.until(
                        "the first node's run waits for the held row",
                        Duration.ofSeconds(30),
                        () -> CleanupRealm.lockWaits(database) > 0);

                Http.Response beside = CleanupRuns.post(onSecond, false, secondToken);
                assertThat(beside.status()).as("%s", beside).isEqualTo(409);
                assertThat(beside.contentType()).startsWith("application/problem+json");
                assertThat(beside.json().path("type").asText()).endsWith("cleanup-running");
                JsonNode preview = CleanupRuns.ok(onSecond, true, secondToken);
                assertThat(preview.path("dryRun").asBoolean()).isTrue();
                assertThat(realm.exists(due))
                        .as("the held run has not removed its user yet")
                        .isTrue();
                // An admin opens the realm's settings in the console while the run goes on.
                consoleView = realm.admin.send("GET", "", null).json();
                holder.rollback();
            }

            JsonNode report = CleanupRuns.report(CleanupRuns.answer(pending, Duration.ofMinutes(1)));
            assertThat(report.path("complete").asBoolean())
                    .as(report.toString())
                    .isTrue();
            assertThat(report.path("deleted").asLong()).isEqualTo(1);
            assertThat(realm.exists(due)).isFalse();
            // The console's save of what it read during the run (a realm update carries every attribute): accepted,
            // and the cluster is free for the next run.
            Http.Response saved = realm.admin.send("PUT", "", consoleView);
            assertThat(saved.status()).as("%s", saved).isEqualTo(204);
            JsonNode next = CleanupRuns.ok(onSecond, false, secondToken);
            assertThat(next.path("complete").asBoolean()).as(next.toString()).isTrue();
            assertThat(next.path("deleted").asLong()).isZero();
            assertThat(Http.get(onSecond, secondToken)
                            .json()
                            .path("lastReport")
                            .path("id")
                            .asText())
                    .as("either node answers the last report")
                    .isEqualTo(next.path("id").asText());
        }
    }
}
