package uz.coffeeshop.it.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.TestDatabase;
import uz.coffeeshop.it.support.Tokens;

/**
 * A run that lasts longer than the interval keeps the realm on every node of the cluster until it ends (issue #13:
 * the lock it took lapsed after one interval, and the next run could start beside it). Two nodes of one cluster,
 * the cleanup every 2 seconds, the realm's scheduled runs dry (they report, never delete). A manual run on the
 * first node is held in its removal, without a sleep: the test locks a row of the due user that the removal must
 * delete. Once the run's first lease would have lapsed and a scheduled run came and was refused, the second node's
 * manual run and preview get 409 {@code cleanup-running} (before, the second node took the lapsed lock); once the
 * hold is let go, the run finishes and gives the lock back, and the second node's preview runs. The lock and the
 * run's mark live in the cleanup's own table, not in the realm: a console save of the realm taken during the run
 * (every attribute sent back) leaves the realm free.
 */
@CoffeeStackTest
class RunLockIT {

    @Test
    void aRunLongerThanTheIntervalKeepsTheRealmOnEveryNodeUntilItEnds(CoffeeStack stack) throws SQLException {
        Map<String, String> options = Map.of(
                "spi-coffee-cleanup--default--interval-seconds", "2",
                "spi-coffee-cleanup--default--batch-size", "1",
                "spi-coffee-cleanup--default--busy-percent", "100",
                "spi-coffee-cleanup--default--reminder-lead-minutes", "0");
        Map<String, String> env = CoffeeStack.realmEnvironment(stack.mailbox());
        try (TestDatabase database = TestDatabase.create();
                KeycloakNode first =
                        KeycloakNode.start(stack.distribution(), database, stack.workDir(), "lock-a", options, env);
                KeycloakNode second =
                        KeycloakNode.start(stack.distribution(), database, stack.workDir(), "lock-b", options, env)) {
            CleanupRealm realm =
                    CleanupRealm.create(first, database, stack.mailbox().smtpPort(), 60, 0);
            realm.attributes(Map.of("coffee.cleanup.dryRun", "true"));
            String due = realm.signedUpUser(CleanupRealm.email("due"));
            realm.age(due, Duration.ofHours(3));
            realm.forgetCache();
            String firstToken = realm.operatorToken();
            String secondToken = Tokens.login(second, realm.name, realm.operatorEmail, CleanupRealm.OPERATOR_PASSWORD)
                    .accessToken();
            java.net.URI onSecond = second.baseUrl().resolve("/realms/" + realm.name + "/coffee/admin/cleanup");

            Http.Response accepted;
            JsonNode consoleView;
            try (Connection holder = database.connect()) {
                holder.setAutoCommit(false);
                CleanupRealm.holdRemovalOf(holder, due);

                // A scheduled (dry) run may hold the realm at this moment: then 409, and the next try gets it.
                accepted = Await.until(
                        () -> CleanupRuns.post(realm.cleanupUrl(""), false, firstToken),
                        response -> response.status() == 202,
                        Duration.ofMillis(200),
                        Duration.ofSeconds(30));
                String id = accepted.json().path("id").asText();
                Lease taken = Await.until(
                                () -> lease(database, realm.realmId()),
                                lease -> lease.filter(held -> held.token().startsWith(id + "/"))
                                        .isPresent(),
                                Duration.ofMillis(50),
                                Duration.ofSeconds(10))
                        .orElseThrow();

                // The lease the run took has lapsed by the clock, and the run still holds a renewed one.
                Await.until(
                        "the run's lease renewed past its first lapse",
                        Duration.ofSeconds(30),
                        () -> System.currentTimeMillis() > taken.heldUntil() + 500
                                && lease(database, realm.realmId())
                                        .filter(held -> held.token().equals(taken.token())
                                                && held.heldUntil() > System.currentTimeMillis())
                                        .isPresent());
                // Keycloak's scheduler gives each tick to one node (here, in practice, always the first): a tick
                // after the first lease lapsed came and was refused.
                double refusedBefore = refused(first, realm.name);
                Await.until(
                        "a scheduled run refused after the first lease lapsed",
                        Duration.ofSeconds(60),
                        () -> refused(first, realm.name) > refusedBefore);

                Http.Response beside = CleanupRuns.post(onSecond, false, secondToken);
                assertThat(beside.status()).as("%s", beside).isEqualTo(409);
                assertThat(beside.contentType()).startsWith("application/problem+json");
                assertThat(beside.json().path("detail").asText()).contains(id);
                Http.Response preview = CleanupRuns.post(onSecond, true, secondToken);
                assertThat(preview.status())
                        .as("a preview on the other node waits too: %s", preview)
                        .isEqualTo(409);
                assertThat(realm.exists(due))
                        .as("the held run has not removed its user yet")
                        .isTrue();
                assertThat(lastReportId(database, realm.realmId()))
                        .as("no run finished beside the held one")
                        .isNotEqualTo(Optional.of(id));
                // An admin opens the realm's settings in the console while the run goes on: the run's state is not
                // among the realm's attributes, so saving them later cannot write it back.
                consoleView = realm.admin.send("GET", "", null).json();
                assertThat(consoleView.path("attributes").toString())
                        .doesNotContain(id)
                        .doesNotContain("coffee.cleanup.runLock")
                        .doesNotContain("coffee.cleanup.running");

                holder.rollback();
            }

            var report = CleanupRuns.finished(accepted, () -> realm.operatorToken(), Duration.ofMinutes(2));
            assertThat(report.path("complete").asBoolean())
                    .as(report.toString())
                    .isTrue();
            assertThat(report.path("deleted").asLong()).isEqualTo(1);
            assertThat(realm.exists(due)).isFalse();
            Await.until(
                    "the run's lock given back",
                    Duration.ofSeconds(10),
                    () -> lease(database, realm.realmId()).isEmpty());
            // The console's save of what it read during the run (a realm update carries every attribute): accepted,
            // and the realm stays free; before, it wrote the ended run's lease and "running" mark back.
            Http.Response saved = realm.admin.send("PUT", "", consoleView);
            assertThat(saved.status()).as("%s", saved).isEqualTo(204);
            assertThat(Http.get(onSecond, secondToken).json().path("running").hasNonNull("id"))
                    .as("no run under way after the console's save")
                    .isFalse();
            assertThat(lease(database, realm.realmId())).isEmpty();
            Http.Response free = Await.until(
                    () -> CleanupRuns.post(onSecond, true, secondToken),
                    response -> response.status() == 200,
                    Duration.ofMillis(200),
                    Duration.ofSeconds(30));
            assertThat(free.json().path("dryRun").asBoolean()).isTrue();
        }
    }

    private record Lease(String token, long heldUntil) {}

    /** The realm's run lock, read from the cleanup's state table, as any node reads it. */
    private static Optional<Lease> lease(TestDatabase database, String realmId) {
        return state(database, realmId, "lock_token, lock_until")
                .filter(row -> row[0] != null)
                .map(row -> new Lease(row[0], Long.parseLong(row[1])));
    }

    private static Optional<String> lastReportId(TestDatabase database, String realmId) {
        return state(database, realmId, "last_report")
                .filter(row -> row[0] != null)
                .map(row -> {
                    try {
                        return Http.JSON.readTree(row[0]).path("id").asText();
                    } catch (java.io.IOException e) {
                        throw new AssertionError(row[0], e);
                    }
                });
    }

    private static Optional<String[]> state(TestDatabase database, String realmId, String columns) {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT " + columns + " FROM coffee_cleanup_state WHERE realm_id = ?")) {
            statement.setString(1, realmId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                String[] row = new String[rows.getMetaData().getColumnCount()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rows.getString(i + 1);
                }
                return Optional.of(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Scheduled runs of the realm the node did not start because another run held it. */
    private static double refused(KeycloakNode node, String realm) {
        String metrics = Http.get(node.managementUrl().resolve("/metrics")).text();
        Matcher line = Pattern.compile("coffee_cleanup_runs_refused_total\\{realm=\"" + Pattern.quote(realm)
                        + "\",trigger=\"scheduled\"} ([0-9.E]+)")
                .matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }
}
