package uz.coffeeshop.it.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.FreePort;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.Mailbox;
import uz.coffeeshop.it.support.TestDatabase;

/**
 * Mail survives an SMTP outage and a Keycloak restart: a Keycloak node of its own (own database) whose SMTP server
 * the test stops and starts again on the same port. Retries are fast and unlimited enough that no mail gives up here.
 */
@CoffeeStackTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutboxDeliveryIT {

    private static final Duration MAIL_WAIT = Duration.ofSeconds(60);

    private final int smtpPort = FreePort.next();
    private TestDatabase database;
    private Mailbox mailbox;
    private KeycloakNode node;
    private String adminToken;

    @BeforeAll
    void startNodeWithItsOwnSmtp(CoffeeStack stack) {
        database = TestDatabase.create();
        mailbox = Mailbox.start(smtpPort);
        node = KeycloakNode.start(
                stack.distribution(),
                database,
                stack.workDir(),
                "mail-delivery",
                OutboxFixture.outboxOptions(
                        Map.of("interval", "1000", "backoff", "500", "max-backoff", "2000", "max-attempts", "1000")),
                CoffeeStack.realmEnvironment(mailbox));
        adminToken = OutboxFixture.adminToken(node);
    }

    @AfterAll
    void stopAll() {
        if (node != null) {
            node.close();
        }
        if (mailbox != null) {
            mailbox.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Order(1)
    void signUpsDuringAnSmtpOutageSucceedAndTheirMailsArriveExactlyOnceWithWorkingLinksWhenSmtpIsBack()
            throws Exception {
        mailbox.close();

        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            String email = "outage-" + i + "-" + System.nanoTime() + "@example.com";
            users.put(email, OutboxFixture.signUp(node, email));
        }

        JsonNode queued = OutboxFixture.mailStatus(node, adminToken);
        assertThat(queued.path("pending").asLong()).isGreaterThanOrEqualTo(users.size());
        Await.until(
                "a failed attempt is shown with its SMTP error",
                Duration.ofSeconds(30),
                () -> OutboxFixture.mailStatus(node, adminToken)
                        .path("lastErrors")
                        .toString()
                        .contains("Connect"));
        assertThat(OutboxFixture.metrics(node)).contains("coffee_mail_retried_total");

        mailbox = Mailbox.start(smtpPort);
        for (Map.Entry<String, String> user : users.entrySet()) {
            MimeMessage mail = mailbox.awaitMessage(user.getKey(), OutboxFixture.VERIFICATION_SUBJECT, MAIL_WAIT);
            OutboxFixture.openVerificationLink(node, mail, user.getValue());
        }
        Await.until(
                "the outbox is empty",
                MAIL_WAIT,
                () -> OutboxFixture.mailStatus(node, adminToken).path("pending").asLong() == 0);
        OutboxFixture.awaitLaterDeliveries(node, mailbox, 3); // nothing may come twice
        for (String email : users.keySet()) {
            assertThat(mailbox.messagesTo(email)).as("mails to %s", email).hasSize(1);
        }
        assertThat(OutboxFixture.metrics(node)).containsPattern("coffee_mail_sent_total(\\{[^}]*})? [1-9]");
    }

    @Test
    @Order(2)
    void aKeycloakRestartWithMailsInTheOutboxLosesNone(CoffeeStack stack) {
        mailbox.close();
        List<String> emails = List.of(
                "restart-a-" + System.nanoTime() + "@example.com", "restart-b-" + System.nanoTime() + "@example.com");
        emails.forEach(email -> OutboxFixture.signUp(node, email));
        assertThat(OutboxFixture.mailStatus(node, adminToken).path("pending").asLong())
                .isGreaterThanOrEqualTo(emails.size());

        node.restart(stack.workDir());
        mailbox = Mailbox.start(smtpPort);

        for (String email : emails) {
            mailbox.awaitMessage(email, OutboxFixture.VERIFICATION_SUBJECT, MAIL_WAIT);
        }
        Await.until(
                "the outbox is empty",
                MAIL_WAIT,
                () -> OutboxFixture.mailStatus(node, OutboxFixture.adminToken(node))
                                .path("pending")
                                .asLong()
                        == 0);
        for (String email : emails) {
            assertThat(mailbox.messagesTo(email)).as("mails to %s", email).hasSize(1);
        }
    }
}
