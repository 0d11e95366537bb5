package uz.coffeeshop.it.support;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The real gateway, run from the jar the build made, on a free loopback port in front of a Keycloak node. */
public final class GatewayProcess implements AutoCloseable {

    /**
     * {@code -Dcoffee.gateway.java-home=/usr/lib/jvm/...}: the JDK that runs the gateways (the tests' own by
     * default), e.g. to measure the gateway on another JDK while Keycloak and the load generator stay as they are.
     */
    static final String JAVA_HOME = "coffee.gateway.java-home";
    /** {@code -Dcoffee.gateway.jvm-options="..."}: JVM options added for the gateways, e.g. for a profiler. */
    static final String JVM_OPTIONS = "coffee.gateway.jvm-options";

    private final int port;
    private final int managementPort;
    private final String name;
    private final Path workDir;
    private final List<String> command;
    private final Map<String, String> environment;
    private ServerProcess process;

    private GatewayProcess(
            int port,
            int managementPort,
            String name,
            Path workDir,
            List<String> command,
            Map<String, String> environment) {
        this.port = port;
        this.managementPort = managementPort;
        this.name = name;
        this.workDir = workDir;
        this.command = command;
        this.environment = environment;
    }

    /** Starts the gateway with its documented environment variables; {@code env} adds to or overrides them. */
    public static GatewayProcess start(
            Path jar, Path workDir, String name, KeycloakNode keycloak, String realm, Map<String, String> env) {
        int port = FreePort.next();
        Map<String, String> environment = new HashMap<>();
        environment.put("GATEWAY_PORT", String.valueOf(port));
        environment.put("KEYCLOAK_URL", keycloak.baseUrl().toString());
        environment.put("COFFEE_REALM", realm);
        // Test runs share one Redis: each gateway process gets rate-limit buckets of its own, and limits that
        // suites sharing this gateway won't reach (the gateway's rate-limit tests start gateways with low ones).
        environment.put("GATEWAY_RATE_LIMIT_KEY_PREFIX", "it-" + UUID.randomUUID());
        environment.put("GATEWAY_SIGNUP_LIMIT_PER_MINUTE", "6000");
        environment.put("GATEWAY_SIGNUP_LIMIT_BURST", "1000");
        environment.put("GATEWAY_USER_LIMIT_PER_MINUTE", "600000");
        environment.put("GATEWAY_USER_LIMIT_BURST", "100000");
        environment.putAll(env);
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xms64m", "-Xmx256m"));
        String jvmOptions = System.getProperty(JVM_OPTIONS, "");
        if (!jvmOptions.isBlank()) {
            command.addAll(List.of(jvmOptions.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        String management = environment.get("GATEWAY_MANAGEMENT_PORT");
        GatewayProcess gateway = new GatewayProcess(
                port, management == null ? port : Integer.parseInt(management), name, workDir, command, environment);
        gateway.startProcess();
        return gateway;
    }

    private void startProcess() {
        process = ServerProcess.start(name, command, workDir, environment, workDir.resolve(name + ".log"));
        // With a management port of its own, the API port answers health as /readyz.
        process.awaitHealthy(
                baseUrl().resolve(managementPort == port ? "/actuator/health" : "/readyz"), Duration.ofMinutes(2));
    }

    /** Kills the gateway at once (a crash): kill -9 of its JVM. */
    public void kill() {
        process.kill();
    }

    /** Starts the gateway again on the same port with the same environment, after a {@link #kill()} or a stop. */
    public void restart() {
        process.close();
        startProcess();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty(JAVA_HOME, System.getProperty("java.home")), "bin", "java")
                .toString();
    }

    /** The process id of the gateway's JVM, e.g. to read its peak memory from {@code /proc}. */
    public long pid() {
        return process.pid();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Actuator's base URL: the management port when {@code GATEWAY_MANAGEMENT_PORT} was given, else the API's. */
    public URI managementUrl() {
        return URI.create("http://127.0.0.1:" + managementPort + "/actuator");
    }

    public Path log() {
        return process.log();
    }

    /** The process, e.g. to ask whether it is alive. */
    public ServerProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
