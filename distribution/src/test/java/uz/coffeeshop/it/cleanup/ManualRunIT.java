package uz.coffeeshop.it.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.Tokens;

/**
 * A manual run that changes users answers 202 at once with the location of its report and goes on in the background
 * (a run longer than Keycloak's 5-minute transaction timeout answered 500); while it runs, its report says so and a
 * second run of the realm is refused with the first one's location. The run is held in its removal of the due user,
 * without a sleep: the test locks a row of that user which the removal must delete.
 */
@CoffeeStackTest
class ManualRunIT {

    private static final Duration PAST_DEADLINE = Duration.ofHours(3);
    private static final String PLAIN_PASSWORD = "a long enough password";

    @Test
    void aRunAnswers202WithItsReportsLocationThenTheReportComesAndASecondRunMeanwhileIs409(CoffeeStack stack)
            throws SQLException {
        CleanupRealm realm = CleanupRealm.onStack(stack, 60, 0);
        String due = realm.signedUpUser(CleanupRealm.email("due"));
        realm.age(due, PAST_DEADLINE);
        realm.forgetCache();
        String token = realm.operatorToken();

        Http.Response accepted;
        try (Connection holder = realm.database.connect()) {
            holder.setAutoCommit(false);
            CleanupRealm.holdRemovalOf(holder, due);

            accepted = CleanupRuns.post(realm.cleanupUrl(""), false, token);

            assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
            String id = accepted.json().path("id").asText();
            String location = accepted.header("Location").orElseThrow();
            assertThat(location).endsWith("/realms/" + realm.name + "/coffee/admin/cleanup/runs/" + id);
            JsonNode running = Http.get(java.net.URI.create(location), token).json();
            assertThat(running.path("state").asText()).as(running.toString()).isEqualTo("running");
            assertThat(running.path("trigger").asText()).isEqualTo("manual");
            assertThat(Http.get(realm.cleanupUrl(""), token)
                            .json()
                            .path("running")
                            .path("id")
                            .asText())
                    .isEqualTo(id);

            Http.Response second = CleanupRuns.post(realm.cleanupUrl(""), false, token);
            assertThat(second.status()).as("%s", second).isEqualTo(409);
            assertThat(second.contentType()).startsWith("application/problem+json");
            assertThat(second.json().path("detail").asText()).contains(id);
            assertThat(second.header("Location")).contains(location);
            Http.Response preview = CleanupRuns.post(realm.cleanupUrl(""), true, token);
            assertThat(preview.status())
                    .as("a preview waits for the run too: %s", preview)
                    .isEqualTo(409);

            holder.rollback();
        }

        JsonNode report = CleanupRuns.finished(accepted, () -> token, Duration.ofMinutes(2));
        assertThat(report.path("complete").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.path("deleted").asLong()).isEqualTo(1);
        assertThat(report.path("users").get(0).path("id").asText()).isEqualTo(due);
        assertThat(realm.exists(due)).isFalse();
        assertThat(Http.get(realm.cleanupUrl(""), token).json().path("running").hasNonNull("id"))
                .as("no run under way once the report is there")
                .isFalse();
        Http.Response unknown = Http.get(realm.cleanupUrl("/runs/no-such-run"), token);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");

        // From the attacker's side, straight at Keycloak (no gateway in the way): a run's report is the admins'.
        URI reportUrl = URI.create(accepted.header("Location").orElseThrow());
        assertThat(Http.get(reportUrl).status()).as("without a token").isEqualTo(401);
        String plainEmail = CleanupRealm.email("plain");
        realm.admin.createUser(plainEmail, PLAIN_PASSWORD, true, Map.of("firstName", "Plain", "lastName", "User"));
        String plainToken =
                Tokens.login(realm.node, realm.name, plainEmail, PLAIN_PASSWORD).accessToken();
        Http.Response refused = Http.get(reportUrl, plainToken);
        assertThat(refused.status())
                .as("a user without cleanup:run: %s", refused)
                .isEqualTo(403);
        assertThat(refused.text()).doesNotContain(due);
    }
}
