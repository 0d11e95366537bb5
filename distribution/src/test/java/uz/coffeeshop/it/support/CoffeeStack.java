package uz.coffeeshop.it.support;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The whole coffee shop as the tests see it, started once per test run: a database, a mail server the tests
 * read, one Keycloak node with the extension and the imported realm, and the gateway in front of it.
 */
public final class CoffeeStack implements AutoCloseable {

    public static final String REALM = "coffee-shop";
    /** The master realm's bootstrap admin, for tests that arrange data through Keycloak's admin API. */
    public static final String MASTER_ADMIN = "it-admin";

    public static final String MASTER_ADMIN_PASSWORD = "it-" + UUID.randomUUID();

    /**
     * The loopback port of the web app that the browser tests play (the redirect target of {@code coffee-web}),
     * chosen once per run: the client's redirect URI is exact, so it is fixed when the realm is imported.
     */
    public static final int WEB_APP_PORT = FreePort.next();

    private final Path workDir;
    private final TestDatabase database;
    private final Mailbox mailbox;
    private final KeycloakDistribution distribution;
    private final KeycloakNode keycloak;
    private final GatewayProcess gateway;
    private final KeycloakClock clock;
    private KeycloakDistribution otherKind;

    private CoffeeStack(
            Path workDir,
            TestDatabase database,
            Mailbox mailbox,
            KeycloakDistribution distribution,
            KeycloakNode keycloak,
            GatewayProcess gateway) {
        this.workDir = workDir;
        this.database = database;
        this.mailbox = mailbox;
        this.distribution = distribution;
        this.keycloak = keycloak;
        this.gateway = gateway;
        this.clock = new KeycloakClock(keycloak);
    }

    /** Starts every part; whatever started before a failure is stopped again. */
    static CoffeeStack start() {
        Path workDir =
                Path.of(System.getProperty("coffee.work.dir", "target/it")).toAbsolutePath();
        if (KeycloakRuntime.current() == KeycloakRuntime.CONTAINER) {
            DockerEngine.require("the container mode of the suite");
            System.out.println("[coffee-it] container mode: Keycloak runs in testcontainers-keycloak's "
                    + "KeycloakContainer on " + KeycloakInContainer.IMAGE);
        }
        KeycloakDistribution.deleteTree(workDir);
        TestDatabase database = TestDatabase.create();
        Mailbox mailbox = null;
        KeycloakNode keycloak = null;
        try {
            mailbox = Mailbox.start();
            KeycloakDistribution distribution = KeycloakDistribution.build(assembledKeycloak(), workDir, database);
            keycloak = KeycloakNode.start(distribution, workDir, "keycloak-1", Map.of(), realmEnvironment(mailbox));
            GatewayProcess gateway = GatewayProcess.start(
                    stackLib().resolve("coffee-gateway.jar"), workDir, "gateway", keycloak, REALM, Map.of());
            return new CoffeeStack(workDir, database, mailbox, distribution, keycloak, gateway);
        } catch (RuntimeException | Error e) {
            closeQuietly(keycloak);
            closeQuietly(mailbox);
            database.close();
            throw e;
        }
    }

    /** What the realm import's {@code ${ENV:default}} placeholders and the bootstrap admin read in the tests. */
    public static Map<String, String> realmEnvironment(Mailbox mailbox) {
        Map<String, String> env = new HashMap<>();
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", MASTER_ADMIN);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", MASTER_ADMIN_PASSWORD);
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", String.valueOf(mailbox.smtpPort()));
        env.put("SMTP_FROM", "no-reply@coffee-shop.test");
        env.put("COFFEE_WEB_REDIRECT_URI", webRedirectUri().toString());
        env.put("COFFEE_WEB_ORIGIN", webOrigin());
        return env;
    }

    /** The exact redirect URI of {@code coffee-web} in the tests: {@code http://127.0.0.1:<WEB_APP_PORT>/callback}. */
    public static URI webRedirectUri() {
        return URI.create(webOrigin() + "/callback");
    }

    /** The web origin of {@code coffee-web} in the tests. */
    public static String webOrigin() {
        return "http://127.0.0.1:" + WEB_APP_PORT;
    }

    static Path assembledKeycloak() {
        return Path.of(System.getProperty("coffee.keycloak.home", "target/keycloak"));
    }

    static Path stackLib() {
        return Path.of(System.getProperty("coffee.stack.lib", "target/stack"));
    }

    public Path workDir() {
        return workDir;
    }

    public TestDatabase database() {
        return database;
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    public KeycloakDistribution distribution() {
        return distribution;
    }

    /**
     * A distribution built for {@code database}'s kind: the run's own when the kinds match, else one built now (an
     * optimized build works with one database kind only), once per run.
     */
    public synchronized KeycloakDistribution distributionFor(TestDatabase database) {
        if (database.kind().equals(distribution.database().kind())) {
            return distribution;
        }
        if (otherKind == null) {
            otherKind = KeycloakDistribution.build(assembledKeycloak(), workDir, database);
        }
        return otherKind;
    }

    /** The gateway jar the build made, for tests that start gateways of their own. */
    public static Path gatewayJar() {
        return stackLib().resolve("coffee-gateway.jar");
    }

    public KeycloakNode keycloak() {
        return keycloak;
    }

    public GatewayProcess gateway() {
        return gateway;
    }

    /** The clock of {@link #keycloak()}: moved by a test, it is put back after that test. */
    public KeycloakClock clock() {
        return clock;
    }

    @Override
    public void close() {
        closeQuietly(gateway);
        closeQuietly(keycloak);
        closeQuietly(mailbox);
        database.close();
    }

    private static void closeQuietly(AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            System.err.println("[coffee-it] stopping " + part + " failed: " + e);
        }
    }
}
