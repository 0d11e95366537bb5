package uz.coffeeshop.it.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.FreePort;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.TestDatabase;

/**
 * Nothing usable rests in the outbox table: a mail that can never be sent (EXPIRED, or DEAD with a dead link) keeps
 * its recipient, subject, status and error for the operator but not its body, whose links verify addresses and set
 * passwords; a DEAD mail keeps its body only while its link works, as a waiting one does, so that an admin can retry
 * it; and no mail outlives its link. Read straight from the table of a node of its own whose SMTP server is gone
 * (one attempt per mail).
 */
@CoffeeStackTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxAtRestIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestDatabase database;
    private KeycloakNode node;

    @BeforeAll
    void startNodeWithoutSmtp(CoffeeStack stack) {
        database = TestDatabase.create();
        Map<String, String> env = new HashMap<>(CoffeeStack.realmEnvironment(stack.mailbox()));
        env.put("SMTP_PORT", String.valueOf(FreePort.next())); // nobody listens there
        node = KeycloakNode.start(
                stack.distribution(),
                database,
                stack.workDir(),
                "mail-at-rest",
                OutboxFixture.outboxOptions(Map.of("interval", "1000", "max-attempts", "1")),
                env);
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aDeadMailKeepsItsBodyOnlyWhileItsLinkWorksSoThatAnAdminCanRetryIt() throws SQLException {
        String email = "dead-" + System.nanoTime() + "@example.com";
        OutboxFixture.signUp(node, email);

        Await.until("the mail is DEAD", WAIT, () -> "DEAD".equals(row(email).get("STATUS")));

        Map<String, String> row = row(email);
        assertThat(row.get("SUBJECT")).isEqualTo(OutboxFixture.VERIFICATION_SUBJECT);
        assertThat(row.get("LAST_ERROR")).isNotBlank();
        assertThat(row.get("HTML_BODY"))
                .as("the body, while its link works (a retry sends it)")
                .isNotNull();
        assertThat(OutboxFixture.mailStatus(node, OutboxFixture.adminToken(node))
                        .path("lastErrors")
                        .findValuesAsText("recipient"))
                .contains(email);

        // The link dies (as its action token's lifespan ends): the next delivery round drops the body.
        try (Connection db = database.connect();
                PreparedStatement lapse =
                        db.prepareStatement("update COFFEE_MAIL_OUTBOX set EXPIRES_AT = ? where RECIPIENT = ?")) {
            lapse.setLong(1, System.currentTimeMillis() - 1000);
            lapse.setString(2, email);
            assertThat(lapse.executeUpdate()).isEqualTo(1);
        }
        Await.until(
                "the dead mail's body is gone with its link",
                WAIT,
                () -> row(email).get("HTML_BODY") == null);

        row = row(email);
        assertThat(row.get("STATUS")).isEqualTo("DEAD");
        assertThat(row.get("TEXT_BODY")).as("the text body with its link").isNull();
        assertThat(row.get("SUBJECT")).isEqualTo(OutboxFixture.VERIFICATION_SUBJECT);
    }

    @Test
    void aWaitingMailWhoseLinkDiedExpiresWithoutItsBodyBeforeItsNextAttempt() throws SQLException {
        String email = "lapsed-" + System.nanoTime() + "@example.com";
        long now = System.currentTimeMillis();
        // As a mail in backoff during an SMTP outage: tried once, next attempt in an hour, its link dead since 1 s.
        try (Connection db = database.connect();
                PreparedStatement insert = db.prepareStatement(
                        "insert into COFFEE_MAIL_OUTBOX (ID, REALM_ID, RECIPIENT, SUBJECT, TEXT_BODY, HTML_BODY,"
                                + " SMTP_CONFIG, STATUS, CREATED_AT, EXPIRES_AT, ATTEMPTS, NEXT_ATTEMPT_AT)"
                                + " select ?, ID, ?, 'Reset your password', ?, ?, '{}', 'PENDING', ?, ?, 1, ?"
                                + " from REALM where NAME = ?")) {
            String link = "http://127.0.0.1/realms/coffee-shop/login-actions/action-token?key=secret";
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, email);
            insert.setString(3, "Open " + link);
            insert.setString(4, "<a href=\"" + link + "\">Open</a>");
            insert.setLong(5, now - 60_000);
            insert.setLong(6, now - 1000);
            insert.setLong(7, now + 3_600_000);
            insert.setString(8, CoffeeStack.REALM);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }

        Await.until(
                "the waiting mail is EXPIRED",
                WAIT,
                () -> "EXPIRED".equals(row(email).get("STATUS")));

        Map<String, String> row = row(email);
        assertThat(row.get("TEXT_BODY")).isNull();
        assertThat(row.get("HTML_BODY")).isNull();
        assertThat(row.get("SUBJECT")).isEqualTo("Reset your password");
    }

    /** The columns of the recipient's row (an empty map while there is none). */
    private Map<String, String> row(String recipient) {
        try (Connection db = database.connect();
                PreparedStatement query = db.prepareStatement("select STATUS, SUBJECT, TEXT_BODY, HTML_BODY, LAST_ERROR"
                        + " from COFFEE_MAIL_OUTBOX where RECIPIENT = ?")) {
            query.setString(1, recipient);
            try (ResultSet result = query.executeQuery()) {
                Map<String, String> row = new HashMap<>();
                if (result.next()) {
                    for (String column : new String[] {"STATUS", "SUBJECT", "TEXT_BODY", "HTML_BODY", "LAST_ERROR"}) {
                        row.put(column, result.getString(column));
                    }
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
