package uz.coffeeshop.it.support;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One real Keycloak server of the test run, started from the built distribution with {@code start --optimized}
 * on loopback and free ports. Ready means {@code /health/ready} on the management port answers 200: the HTTP
 * port answers 503 until bootstrap ends.
 */
public final class KeycloakNode implements AutoCloseable {

    /** The value of an option that takes none, such as {@code import-realm}. */
    public static final String FLAG = "";

    /** The value that leaves an option out, so Keycloak's or the provider's own default applies. */
    public static final String DEFAULT = "(default)";

    private final String name;
    private final int httpPort;
    private final int managementPort;
    private final Path home;
    private final List<String> command;
    private final Map<String, String> env;
    /** The build options of the node's database kind: what a container node builds for (process nodes are built). */
    private final List<String> buildOptions;

    private RunningServer process;

    private KeycloakNode(
            String name,
            Path home,
            int httpPort,
            int managementPort,
            List<String> command,
            Map<String, String> env,
            List<String> buildOptions) {
        this.name = name;
        this.home = home;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.command = command;
        this.env = env;
        this.buildOptions = buildOptions;
    }

    /**
     * Starts a node named {@code name}; {@code options} are Keycloak options without the leading dashes (they win
     * over the defaults here), {@code env} the environment the realm import's placeholders read.
     */
    public static KeycloakNode start(
            KeycloakDistribution distribution,
            Path workDir,
            String name,
            Map<String, String> options,
            Map<String, String> env) {
        return start(distribution, distribution.database(), workDir, name, options, env);
    }

    /**
     * Starts a node on another database than the run's (of the same kind: the build is for one kind), for tests
     * that need a Keycloak of their own, e.g. with other SPI options; nodes on one database form one cluster.
     */
    public static KeycloakNode start(
            KeycloakDistribution distribution,
            TestDatabase database,
            Path workDir,
            String name,
            Map<String, String> options,
            Map<String, String> env) {
        if (!database.kind().equals(distribution.database().kind())) {
            throw new IllegalArgumentException(
                    "the distribution was built for " + distribution.database().kind());
        }
        int httpPort = FreePort.next();
        int managementPort = FreePort.next();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("http-enabled", "true");
        all.put("http-host", "127.0.0.1");
        all.put("http-port", String.valueOf(httpPort));
        all.put("http-management-port", String.valueOf(managementPort));
        all.put("hostname-strict", "false");
        all.put("import-realm", FLAG);
        all.put("cache-embedded-network-bind-address", "127.0.0.1");
        all.put("cache-embedded-network-bind-port", String.valueOf(FreePort.next()));
        all.putAll(database.keycloakOptions());
        all.putAll(withoutRequestLimits());
        all.putAll(options);
        all.values().removeIf(DEFAULT::equals);

        List<String> command = new ArrayList<>(List.of("bash", "bin/kc.sh", "start", "--optimized"));
        all.forEach((option, value) -> command.add(FLAG.equals(value) ? "--" + option : "--" + option + "=" + value));
        Map<String, String> environment = new HashMap<>(baseEnvironment());
        environment.putAll(env);

        List<String> buildOptions = new ArrayList<>(KeycloakDistribution.BUILD_OPTIONS);
        buildOptions.add("--db=" + database.kind());
        buildOptions.add("--cache=ispn");
        KeycloakNode node = new KeycloakNode(
                name,
                distribution.homeFor(name, workDir),
                httpPort,
                managementPort,
                command,
                environment,
                buildOptions);
        node.startProcess(workDir);
        return node;
    }

    /**
     * The extension's own rate limits off: every test calls from 127.0.0.1 and signs up far more than one client
     * may. {@code RequestLimitsIT} starts a node of its own with the shipped defaults and proves them there.
     */
    public static Map<String, String> withoutRequestLimits() {
        Map<String, String> off = new LinkedHashMap<>();
        for (String action : List.of("signup", "resend", "email-change")) {
            off.put("spi-coffee-limits--default--" + action + "-per-ip", "0");
            off.put("spi-coffee-limits--default--" + action + "-per-address", "0");
        }
        return off;
    }

    /**
     * The JVM options every shipped Keycloak runs with ({@code barista}, {@code deploy/keycloak/Dockerfile}): the
     * cleanup's thread at nice 19 and every other thread where it was (docs/cleanup.md).
     */
    public static final String SHIPPED_JVM_OPTIONS = "-XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19"
            + " -XX:JavaPriority6_To_OSPriority=0 -XX:JavaPriority7_To_OSPriority=0 -XX:JavaPriority8_To_OSPriority=0"
            + " -XX:JavaPriority9_To_OSPriority=0 -XX:JavaPriority10_To_OSPriority=0";

    /** What every kc.sh call of the tests runs with: the shipped options, a bounded heap on a 2-core machine. */
    static Map<String, String> baseEnvironment() {
        return Map.of("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx1g", "JAVA_OPTS_APPEND", SHIPPED_JVM_OPTIONS);
    }

    private void startProcess(Path workDir) {
        Path log = workDir.resolve(name + ".log");
        if (KeycloakRuntime.current() == KeycloakRuntime.CONTAINER) {
            List<String> options = new ArrayList<>(buildOptions);
            options.addAll(command.subList(command.indexOf("--optimized") + 1, command.size()));
            process = KeycloakInContainer.start(name, home, options, env, log);
        } else {
            process = ServerProcess.start("Keycloak " + name, command, home, env, log);
        }
        // Five minutes: on a 2-core machine under other load, creating a fresh database's schema alone took 80 s.
        process.awaitHealthy(managementUrl().resolve("/health/ready"), Duration.ofMinutes(5));
    }

    /** Stops the node and starts it again on the same ports, home and database: a restart as an operator does it. */
    public void restart(Path workDir) {
        process.close();
        startProcess(workDir);
    }

    /** Kills the node at once (a crash), leaving its home and database as they are. */
    public void kill() {
        process.kill();
    }

    /** The process id of the node as started: kc.sh's shell, whose child is Keycloak's JVM. */
    public long pid() {
        return process.pid();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    public URI managementUrl() {
        return URI.create("http://127.0.0.1:" + managementPort);
    }

    public URI realmUrl(String realm) {
        return baseUrl().resolve("/realms/" + realm);
    }

    public Path log() {
        return process.log();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
