package uz.coffeeshop.it.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;

/**
 * The count-mismatch fallback of the batched removal, really taken: a PostgreSQL trigger makes the batch's delete of
 * one user's row find nothing the first time (as when someone removed the user between the batch's read and its
 * delete), so the batch deletes fewer users than it was given, is undone, and its users are removed one by one
 * Keycloak's way. The trigger counts with a sequence, which a rollback does not undo, so Keycloak's own removal then
 * finds the row.
 */
@CoffeeStackTest
class BatchRemovalFallbackIT {

    private static final Duration PAST_DEADLINE = Duration.ofHours(3);

    @Test
    void aBatchWhoseDeleteCountDoesNotAddUpIsUndoneAndItsUsersRemovedOneByOneKeycloaksWay(CoffeeStack stack)
            throws SQLException {
        CleanupRealm realm = CleanupRealm.onStack(stack, 60, 0);
        List<String> due = List.of(
                realm.signedUpUser(CleanupRealm.email("first")),
                realm.signedUpUser(CleanupRealm.email("vanishing")),
                realm.signedUpUser(CleanupRealm.email("third")));
        due.forEach(user -> realm.age(user, PAST_DEADLINE));
        realm.forgetCache();
        String name = "coffee_it_skip_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection connection = realm.database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SEQUENCE " + name);
            statement.execute("CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF OLD.id = '" + due.get(1) + "' THEN IF nextval('" + name + "') = 1 THEN RETURN NULL;"
                    + " END IF; END IF; RETURN OLD; END $$");
            statement.execute("CREATE TRIGGER " + name + " BEFORE DELETE ON user_entity FOR EACH ROW EXECUTE"
                    + " FUNCTION " + name + "()");
            try {
                JsonNode report = realm.runOk(false);

                assertThat(deletesOf(statement, name))
                        .as("the batch's delete of the user's row (undone), then Keycloak's own")
                        .isEqualTo(2);
                for (String user : due) {
                    assertThat(realm.exists(user)).as("user %s removed", user).isFalse();
                    assertThat(realm.deletionEvents(user))
                            .as("one admin event per user, the undone batch recorded none")
                            .hasSize(1);
                }
                assertThat(realm.count("SELECT count(*) FROM credential WHERE user_id = ?", due.get(1)))
                        .isZero();
                assertThat(report.path("deleted").asLong())
                        .as(report.toString())
                        .isEqualTo(3);
                assertThat(report.path("errors").asLong()).isZero();
                assertThat(report.path("complete").asBoolean()).isTrue();
            } finally {
                statement.execute("DROP TRIGGER " + name + " ON user_entity");
                statement.execute("DROP FUNCTION " + name + "()");
                statement.execute("DROP SEQUENCE " + name);
            }
        }
    }

    /** How many deletes of the user's row the trigger saw (the sequence's last value). */
    private static long deletesOf(Statement statement, String sequence) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT last_value FROM " + sequence)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
