package uz.coffeeshop.it.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.TestDatabase;
import uz.coffeeshop.it.support.Tokens;

/**
 * The realm's own dry-run switch, saved through the settings the console page writes, is what the scheduled runs
 * obey: on, they report the due users and delete none; off again, the next scheduled run deletes them. A node of its
 * own runs the cleanup every two seconds, with the server's dry-run option off.
 */
@CoffeeStackTest
class ScheduledDryRunIT {

    private static final int DUE = 3;
    private static final String PASSWORD = "operator password 123";

    @Test
    void scheduledRunsFollowTheRealmsDryRunSetting(CoffeeStack stack) {
        Map<String, String> options = Map.of(
                "spi-coffee-cleanup--default--interval-seconds", "2",
                "spi-coffee-cleanup--default--reminder-lead-minutes", "0");
        try (TestDatabase database = TestDatabase.create();
                KeycloakNode node = KeycloakNode.start(
                        stack.distribution(),
                        database,
                        stack.workDir(),
                        "cleanup-dry-run",
                        options,
                        CoffeeStack.realmEnvironment(stack.mailbox()))) {
            KeycloakAdmin admin = new KeycloakAdmin(node, CoffeeStack.REALM);
            String token = operatorToken(node, admin);
            // Switched on a month ago, so the lifetime counts from the sign-ups three hours ago.
            CleanupRealm.setRealmAttributes(
                    admin,
                    Map.of(
                            "coffee.cleanup.enabledSince",
                            String.valueOf(
                                    Instant.now().minus(Duration.ofDays(30)).toEpochMilli())));
            Instant saving = Instant.now();
            assertThat(saveSettings(node, token, true).status()).isEqualTo(200);
            // A run reads the realm's policy when it starts: one already under way while the setting was saved
            // still decides by the old one, and would find the users inserted below. So they are inserted only
            // once a run that started after the save has ended (and said it was a dry run).
            awaitScheduledRunAfter(
                    node, token, saving, run -> run.path("dryRun").asBoolean());
            UserRows rows = new UserRows(database, CoffeeStack.REALM);
            rows.insert(
                    "due-",
                    DUE,
                    Instant.now().minus(Duration.ofHours(3)),
                    false,
                    UserRows.Extra.VERIFY_EMAIL_PENDING,
                    UserRows.Extra.SIGNED_UP);
            Instant inserted = Instant.now();

            JsonNode dry = awaitScheduledRunAfter(
                    node, token, inserted, run -> run.path("deleted").asLong() == DUE);
            assertThat(dry.path("dryRun").asBoolean()).as(dry.toString()).isTrue();
            assertThat(rows.count("due-")).as("a dry run deletes nobody").isEqualTo(DUE);

            assertThat(saveSettings(node, token, false).status()).isEqualTo(200);
            Await.until(
                    "the due users deleted by a scheduled run", Duration.ofSeconds(60), () -> rows.count("due-") == 0);
            // The run that deleted them may already be followed by another (every 2 s): it is looked for in the
            // history, not only in the last report. Its report is stored when it ends, which with paced workers
            // comes a pause after its last deletion: waited for.
            List<JsonNode> real = Await.until(
                    () -> scheduledRunsAfter(node, token, inserted).stream()
                            .filter(run -> !run.path("dryRun").asBoolean())
                            .filter(run -> run.path("deleted").asLong() > 0)
                            .toList(),
                    runs -> !runs.isEmpty(),
                    Duration.ofMillis(500),
                    Duration.ofSeconds(60));
            assertThat(real)
                    .as("the runs that deleted after the switch went off")
                    .hasSize(1);
            assertThat(real.get(0).path("deleted").asLong()).as(real.toString()).isEqualTo(DUE);
        }
    }

    private static String operatorToken(KeycloakNode node, KeycloakAdmin admin) {
        String email = "dry-run-operator@cleanup.test";
        String id = admin.createUser(email, PASSWORD, true, Map.of("firstName", "Dry", "lastName", "Run"));
        admin.assignRealmRole(id, "admin");
        return Tokens.login(node, CoffeeStack.REALM, email, PASSWORD).accessToken();
    }

    private static Http.Response saveSettings(KeycloakNode node, String token, boolean dryRun) {
        Map<String, Object> settings =
                Map.of("enabled", true, "lifetimeMinutes", 60, "reminderLeadMinutes", 0, "dryRun", dryRun);
        Http.Response saved = Http.send(HttpRequest.newBuilder(cleanup(node, "/settings"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(Http.jsonBody(settings)));
        assertThat(saved.json().path("policy").path("dryRun").asBoolean())
                .as(saved.toString())
                .isEqualTo(dryRun);
        return saved;
    }

    /** The latest scheduled run started after {@code after} that meets {@code wanted}, waited for. */
    private static JsonNode awaitScheduledRunAfter(
            KeycloakNode node, String token, Instant after, java.util.function.Predicate<JsonNode> wanted) {
        return Await.until(
                        () -> latestScheduledRun(node, token, after).filter(wanted),
                        Optional::isPresent,
                        Duration.ofMillis(500),
                        Duration.ofSeconds(60))
                .orElseThrow();
    }

    private static Optional<JsonNode> latestScheduledRun(KeycloakNode node, String token, Instant after) {
        JsonNode last = Http.get(cleanup(node, ""), token).json().path("lastReport");
        boolean scheduled = "scheduled".equals(last.path("trigger").asText());
        return scheduled && Instant.parse(last.path("startedAt").asText()).isAfter(after)
                ? Optional.of(last)
                : Optional.empty();
    }

    /** The scheduled runs of the history that started after {@code after}. */
    private static List<JsonNode> scheduledRunsAfter(KeycloakNode node, String token, Instant after) {
        List<JsonNode> runs = new ArrayList<>();
        Http.get(cleanup(node, ""), token).json().path("history").forEach(run -> {
            if ("scheduled".equals(run.path("trigger").asText())
                    && Instant.parse(run.path("startedAt").asText()).isAfter(after)) {
                runs.add(run);
            }
        });
        return runs;
    }

    private static URI cleanup(KeycloakNode node, String path) {
        return node.realmUrl(CoffeeStack.REALM).resolve("/realms/coffee-shop/coffee/admin/cleanup" + path);
    }
}
