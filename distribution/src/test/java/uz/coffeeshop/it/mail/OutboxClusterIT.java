package uz.coffeeshop.it.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.Mailbox;
import uz.coffeeshop.it.support.TestDatabase;

/**
 * Two Keycloak nodes on one database of their own deliver one outbox: no mail twice; a mail that can never be
 * delivered ends as DEAD after its attempts without holding up the others; a mail whose link died is never sent.
 */
@CoffeeStackTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxClusterIT {

    private static final Duration MAIL_WAIT = Duration.ofSeconds(60);
    private static final Map<String, String> FAST_GIVE_UP =
            Map.of("interval", "1000", "backoff", "300", "max-backoff", "600", "max-attempts", "3", "batch-size", "5");

    private TestDatabase database;
    private Mailbox mailbox;
    private KeycloakNode first;
    private KeycloakNode second;
    private String adminToken;

    @BeforeAll
    void startTwoNodes(CoffeeStack stack) {
        database = TestDatabase.create();
        mailbox = Mailbox.start();
        Map<String, String> options = OutboxFixture.outboxOptions(FAST_GIVE_UP);
        first = KeycloakNode.start(
                stack.distribution(),
                database,
                stack.workDir(),
                "mail-node-1",
                options,
                CoffeeStack.realmEnvironment(mailbox));
        second = KeycloakNode.start(
                stack.distribution(),
                database,
                stack.workDir(),
                "mail-node-2",
                options,
                CoffeeStack.realmEnvironment(mailbox));
        adminToken = OutboxFixture.adminToken(first);
    }

    @AfterAll
    void stopAll() {
        for (AutoCloseable part : new AutoCloseable[] {second, first, mailbox, database}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                System.err.println("[coffee-it] stopping " + part + " failed: " + e);
            }
        }
    }

    @Test
    void twoNodesSendEveryMailExactlyOnce() throws Exception {
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String email = "cluster-" + i + "-" + System.nanoTime() + "@example.com";
            OutboxFixture.signUp(i % 2 == 0 ? first : second, email);
            emails.add(email);
        }

        for (String email : emails) {
            mailbox.awaitMessage(email, OutboxFixture.VERIFICATION_SUBJECT, MAIL_WAIT);
        }
        OutboxFixture.awaitLaterDeliveries(first, mailbox, 2);
        OutboxFixture.awaitLaterDeliveries(second, mailbox, 2);
        for (String email : emails) {
            assertThat(mailbox.messagesTo(email)).as("mails to %s", email).hasSize(1);
        }
    }

    @Test
    void aMailToABadAddressGoesToDeadLetterAfterItsRetriesWithoutBlockingTheOthers() throws Exception {
        String bad = "not an address " + UUID.randomUUID();
        insertDirectly(bad, null);
        List<String> emails = List.of(
                "after-bad-1-" + System.nanoTime() + "@example.com",
                "after-bad-2-" + System.nanoTime() + "@example.com");
        emails.forEach(email -> OutboxFixture.signUp(second, email));

        for (String email : emails) {
            mailbox.awaitMessage(email, OutboxFixture.VERIFICATION_SUBJECT, MAIL_WAIT);
        }
        Await.until("the bad mail is DEAD", MAIL_WAIT, () -> "DEAD".equals(status(bad)));
        assertThat(attempts(bad)).isEqualTo(3);

        JsonNode view = OutboxFixture.mailStatus(first, adminToken);
        assertThat(view.path("dead").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(view.path("lastErrors").toString()).contains(bad).contains("DEAD");
        String metrics = OutboxFixture.metrics(first) + OutboxFixture.metrics(second);
        assertThat(metrics).containsPattern("coffee_mail_dead_total(\\{[^}]*})? [1-9]");
    }

    @Test
    void aMailWhoseLinkExpiredIsDroppedAndNeverSent() throws Exception {
        String email = "expired-" + System.nanoTime() + "@example.com";
        insertDirectly(email, System.currentTimeMillis() - 1000);

        Await.until("the mail is EXPIRED", MAIL_WAIT, () -> "EXPIRED".equals(status(email)));
        assertThat(mailbox.messagesTo(email)).isEmpty();
        String metrics = OutboxFixture.metrics(first) + OutboxFixture.metrics(second);
        assertThat(metrics).containsPattern("coffee_mail_expired_total(\\{[^}]*})? [1-9]");
    }

    /** A message as the sender writes it, put in the table by hand: the way to get an address Keycloak refuses. */
    private void insertDirectly(String recipient, Long expiresAt) throws SQLException {
        try (Connection db = database.connect();
                PreparedStatement insert = db.prepareStatement(
                        "insert into COFFEE_MAIL_OUTBOX (ID, REALM_ID, RECIPIENT, SUBJECT, TEXT_BODY, HTML_BODY,"
                                + " SMTP_CONFIG, STATUS, CREATED_AT, EXPIRES_AT, ATTEMPTS, NEXT_ATTEMPT_AT)"
                                + " select ?, ID, ?, 'Hello', 'text', null, ?, 'PENDING', ?, ?, 0, ?"
                                + " from REALM where NAME = ?")) {
            long now = System.currentTimeMillis();
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, recipient);
            insert.setString(
                    3,
                    "{\"host\":\"127.0.0.1\",\"port\":\"" + mailbox.smtpPort()
                            + "\",\"from\":\"no-reply@coffee-shop.test\"}");
            insert.setLong(4, now);
            if (expiresAt == null) {
                insert.setNull(5, java.sql.Types.BIGINT);
            } else {
                insert.setLong(5, expiresAt);
            }
            insert.setLong(6, now);
            insert.setString(7, CoffeeStack.REALM);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
    }

    private String status(String recipient) {
        return column(recipient, "STATUS");
    }

    private int attempts(String recipient) {
        return Integer.parseInt(column(recipient, "ATTEMPTS"));
    }

    private String column(String recipient, String column) {
        try (Connection db = database.connect();
                PreparedStatement query =
                        db.prepareStatement("select " + column + " from COFFEE_MAIL_OUTBOX where RECIPIENT = ?")) {
            query.setString(1, recipient);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
