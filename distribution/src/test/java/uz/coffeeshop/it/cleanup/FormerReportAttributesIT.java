package uz.coffeeshop.it.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.TestDatabase;

/**
 * An upgrade from the version that kept the cleanup's reports, its "running" mark and its run lock in realm
 * attributes: after a restart the last report and the history show from the cleanup's own table, the attributes
 * are gone from the realm, and the former lease (held, by its value, for another hour) holds nobody back.
 */
@CoffeeStackTest
class FormerReportAttributesIT {

    @Test
    void theFormerAttributesMoveToTheStateTableAtStart(CoffeeStack stack) {
        Map<String, String> env = CoffeeStack.realmEnvironment(stack.mailbox());
        try (TestDatabase database = TestDatabase.create();
                KeycloakNode node = KeycloakNode.start(
                        stack.distribution(), database, stack.workDir(), "former-attributes", Map.of(), env)) {
            CleanupRealm realm =
                    CleanupRealm.create(node, database, stack.mailbox().smtpPort(), 60, 0);
            JsonNode report = realm.runOk(true);
            String reportId = report.path("id").asText();
            JsonNode history =
                    Http.get(realm.cleanupUrl(""), realm.operatorToken()).json().path("history");
            // The realm as the former version left it: the same report in realm attributes, its table row not there.
            realm.sql(
                    "DELETE FROM coffee_cleanup_state WHERE realm_id = ?",
                    statement -> statement.setString(1, realm.realmId()));
            long anHourOn = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
            realm.attributes(Map.of(
                    "coffee.cleanup.lastReport",
                    report.toString(),
                    "coffee.cleanup.history",
                    history.toString(),
                    "coffee.cleanup.running",
                    "{\"id\":\"former-run\",\"trigger\":\"manual\"}",
                    "coffee.cleanup.runLock",
                    "former-run/another-node@" + anHourOn));
            assertThat(Http.get(realm.cleanupUrl(""), realm.operatorToken())
                            .json()
                            .hasNonNull("lastReport"))
                    .as("nothing reads the attributes before the start moves them")
                    .isFalse();

            node.restart(stack.workDir());

            JsonNode status =
                    Http.get(realm.cleanupUrl(""), realm.operatorToken()).json();
            assertThat(status.path("lastReport").path("id").asText()).isEqualTo(reportId);
            assertThat(status.path("history").get(0).path("id").asText()).isEqualTo(reportId);
            assertThat(status.hasNonNull("running")).as(status.toString()).isFalse();
            JsonNode attributes = realm.admin.send("GET", "", null).json().path("attributes");
            assertThat(attributes.fieldNames())
                    .toIterable()
                    .doesNotContain(
                            "coffee.cleanup.lastReport",
                            "coffee.cleanup.history",
                            "coffee.cleanup.running",
                            "coffee.cleanup.runLock");
            Http.Response preview = realm.run(true);
            assertThat(preview.status())
                    .as("the former lease holds nobody back: %s", preview)
                    .isEqualTo(200);
            assertThat(Http.get(realm.cleanupUrl(""), realm.operatorToken())
                            .json()
                            .path("history"))
                    .as("the moved history goes on")
                    .hasSize(history.size() + 1);
        }
    }
}
