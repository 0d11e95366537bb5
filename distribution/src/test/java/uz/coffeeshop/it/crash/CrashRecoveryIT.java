package uz.coffeeshop.it.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.FreePort;
import uz.coffeeshop.it.support.GatewayProcess;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.Mailbox;
import uz.coffeeshop.it.support.TestDatabase;

/**
 * Under a sign-up load through the gateway, kills each part with -9 in turn (the SMTP server, Keycloak's JVM while it
 * holds a mail's lease, the gateway) and restarts it, on the embedded H2 and on PostgreSQL. Afterwards: every sign-up
 * answered 201 exists and got its verification mail exactly once; every account that exists got its mail and every
 * mail has its account (nothing half-done); the outbox delivers the mail the killed node held within its lease; the
 * cleanup and the outbox run again on their own.
 */
@CoffeeStackTest
class CrashRecoveryIT {

    private static final int CLIENTS = 4;
    /** Sign-ups answered 201 between two kills: enough to be under load, few enough for a 2-core machine. */
    private static final int BETWEEN_KILLS = 6;

    private static final Duration PHASE = Duration.ofSeconds(90);
    /**
     * From the restart until the mail the killed node held goes out: at most the outbox's default lease (60 s, taken
     * before the kill) plus a few delivery rounds.
     */
    private static final Duration LEASED_MAIL_DEADLINE = Duration.ofSeconds(75);

    private static final String VERIFICATION_SUBJECT = "Confirm your e-mail address";

    /**
     * Fast retries once the SMTP server is back, and a cleanup run every 2 s so that its resuming shows quickly; the
     * lease stays at its default, which is what the test measures.
     */
    private static final Map<String, String> NODE_OPTIONS = Map.of(
            "spi-email-sender--coffee-outbox--interval", "1000",
            "spi-email-sender--coffee-outbox--backoff", "500",
            "spi-email-sender--coffee-outbox--max-backoff", "2000",
            "spi-coffee-cleanup--default--interval-seconds", "2");

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void onTheEmbeddedH2NothingAcknowledgedIsLostWhenEachPartIsKilled(CoffeeStack stack) {
        killEachPartInTurn(stack, TestDatabase.embedded(), "h2");
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void onPostgresNothingAcknowledgedIsLostWhenEachPartIsKilled(CoffeeStack stack) {
        TestDatabase database = TestDatabase.postgres().orElse(null);
        Assumptions.assumeTrue(database != null, "no PostgreSQL on 127.0.0.1:5432");
        try (database) {
            killEachPartInTurn(stack, database, "postgres");
        }
    }

    private static void killEachPartInTurn(CoffeeStack stack, TestDatabase database, String label) {
        String run = "crash-" + label + "-" + UUID.randomUUID().toString().substring(0, 6);
        int smtpPort = FreePort.next();
        try (Mailbox mailbox = Mailbox.start();
                SmtpRelay smtp = SmtpRelay.start(stack.workDir(), smtpPort, mailbox.smtpPort());
                KeycloakNode keycloak = KeycloakNode.start(
                        stack.distributionFor(database),
                        database,
                        stack.workDir(),
                        run + "-keycloak",
                        NODE_OPTIONS,
                        environment(mailbox, smtpPort));
                GatewayProcess gateway = GatewayProcess.start(
                        CoffeeStack.gatewayJar(),
                        stack.workDir(),
                        run + "-gateway",
                        keycloak,
                        CoffeeStack.REALM,
                        Map.of());
                SignupLoad load = SignupLoad.start(gateway.baseUrl(), run, CLIENTS)) {
            load.awaitMoreAcknowledged(BETWEEN_KILLS, PHASE);

            // The SMTP server dies; sign-ups go on (their mails wait in the outbox). Its port then swallows
            // connections without a word, so that the node sits in a delivery attempt, holding that mail's lease.
            smtp.kill();
            log(run, "killed the SMTP server (PID " + smtp.pid() + ")");
            String held;
            try (BlackHoleSmtp silent = BlackHoleSmtp.open(smtpPort)) {
                load.awaitMoreAcknowledged(BETWEEN_KILLS, PHASE);
                Await.until(
                        "a delivery attempt holds a mail",
                        PHASE,
                        () -> silent.heldRecipient().isPresent());
                held = silent.heldRecipient().orElseThrow();
                long keycloakPid = keycloak.pid();
                keycloak.kill();
                log(run, "killed Keycloak (kc.sh PID " + keycloakPid + ") while it was delivering to " + held);
            }
            smtp.restart();
            keycloak.restart(stack.workDir());
            Instant restarted = Instant.now();
            log(run, "restarted the SMTP server and Keycloak");
            mailbox.awaitMessage(held, VERIFICATION_SUBJECT, LEASED_MAIL_DEADLINE);
            Duration leasedMailAfter = Duration.between(restarted, Instant.now());
            log(run, "the mail the killed node held went out " + leasedMailAfter.toSeconds() + " s after the restart");
            load.awaitMoreAcknowledged(BETWEEN_KILLS, PHASE);

            gateway.kill();
            log(run, "killed the gateway; restarting it");
            gateway.restart();
            load.awaitMoreAcknowledged(BETWEEN_KILLS, PHASE);
            load.close();

            Await.until(
                    "the outbox delivered everything",
                    PHASE,
                    () -> metric(keycloak, "coffee_mail_sent_total") >= 1
                            && metric(keycloak, "coffee_mail_outbox_depth") == 0);
            Await.until(
                    "a cleanup run after the restart",
                    PHASE,
                    () -> metric(keycloak, "coffee_cleanup_run_seconds_count") >= 1);

            checkNothingLostOrHalfDone(run, load, keycloak, mailbox);
        }
    }

    private static void checkNothingLostOrHalfDone(
            String run, SignupLoad load, KeycloakNode keycloak, Mailbox mailbox) {
        Map<String, String> acknowledged = load.acknowledged();
        Set<String> accounts = accounts(keycloak, run);
        Set<String> tried = new HashSet<>(acknowledged.keySet());
        tried.addAll(load.failed());
        Map<String, Integer> mails = new LinkedHashMap<>();
        for (String email : tried) {
            int count = (int) mailbox.messagesTo(email).stream()
                    .filter(message -> Mailbox.subject(message).contains(VERIFICATION_SUBJECT))
                    .count();
            if (count > 0) {
                mails.put(email, count);
            }
        }
        Set<String> missing = new TreeSet<>(acknowledged.keySet());
        missing.removeAll(accounts);
        long failedButDone = load.failed().stream().filter(accounts::contains).count();
        log(
                run,
                String.format(
                        "acknowledged %d, found %d, missing %d; failed (5xx or no answer) %d, of which done %d;"
                                + " accounts %d, mails %d (to %d addresses)",
                        acknowledged.size(),
                        acknowledged.size() - missing.size(),
                        missing.size(),
                        load.failed().size(),
                        failedButDone,
                        accounts.size(),
                        mails.values().stream().mapToInt(Integer::intValue).sum(),
                        mails.size()));

        assertThat(load.otherAnswers()).as("answers other than 201 and 5xx").isEmpty();
        assertThat(missing).as("sign-ups answered 201 that do not exist").isEmpty();
        assertThat(mails.keySet())
                .as("addresses with a verification mail = addresses with an account (nothing half-done)")
                .containsExactlyInAnyOrderElementsOf(accounts);
        Map<String, Integer> twice = new HashMap<>(mails);
        twice.values().removeIf(count -> count == 1);
        assertThat(twice)
                .as("addresses that got their verification mail more than once")
                .isEmpty();
    }

    /** The e-mails of the run's accounts, read through Keycloak's admin API (H2 is Keycloak's alone). */
    private static Set<String> accounts(KeycloakNode keycloak, String run) {
        KeycloakAdmin admin = new KeycloakAdmin(keycloak, CoffeeStack.REALM);
        Http.Response users = admin.send("GET", "/users?briefRepresentation=true&max=100000&search=" + run, null);
        assertThat(users.status()).as(users.toString()).isEqualTo(200);
        Set<String> emails = new HashSet<>();
        for (JsonNode user : users.json()) {
            emails.add(user.path("email").asText());
        }
        return emails;
    }

    private static Map<String, String> environment(Mailbox mailbox, int smtpPort) {
        Map<String, String> env = new HashMap<>(CoffeeStack.realmEnvironment(mailbox));
        env.put("SMTP_PORT", String.valueOf(smtpPort));
        return env;
    }

    /** The sum of a metric's series on the node's {@code /metrics}; 0 while it has none. */
    private static double metric(KeycloakNode keycloak, String name) {
        Http.Response response = Http.get(keycloak.managementUrl().resolve("/metrics"));
        double sum = 0;
        for (String line : response.text().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static void log(String run, String what) {
        System.out.println("[crash] " + run + ": " + what);
    }
}
