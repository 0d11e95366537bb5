package uz.coffeeshop.it.support;

import com.github.dockerjava.api.DockerClient;
import dasniko.testcontainers.keycloak.KeycloakContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.MountableFile;

/**
 * One Keycloak node of the container mode: testcontainers-keycloak's {@link KeycloakContainer} on the project's
 * Keycloak image ({@code coffee-local/keycloak}, see deploy/images), with the freshly built extension as its provider
 * and the realm files of the build to import. It runs {@code kc.sh start} (not optimized: the container builds for the
 * options it gets, as the official image does without a prior {@code kc.sh build}).
 *
 * <p>The container shares the host's network: the tests' contracts stay as they are, a node on the loopback ports the
 * test chose, on the run's PostgreSQL database (or H2 server) that the tests read too, mailing to the test's GreenMail
 * on loopback, and several nodes of a test forming one cluster on loopback. The bridge network would need every one
 * of those servers bound to the bridge's address instead.
 */
final class KeycloakInContainer implements RunningServer {

    static final String IMAGE = System.getProperty("coffee.keycloak.image", "coffee-local/keycloak:26.7.3");

    private final String name;
    private final Path log;
    private final KeycloakContainer container;

    private KeycloakInContainer(String name, Path log, KeycloakContainer container) {
        this.name = name;
        this.log = log;
        this.container = container;
    }

    /**
     * Starts a container of {@code home}'s extension and realm files with {@code options} (Keycloak's command-line
     * options, build options included) and {@code env}; the admin of the master realm comes from {@code env}'s
     * {@code KC_BOOTSTRAP_ADMIN_*}, which the container sets itself.
     */
    static KeycloakInContainer start(String name, Path home, List<String> options, Map<String, String> env, Path log) {
        DockerEngine.require("Keycloak in a container (" + name + ")");
        KeycloakContainer container = new KeycloakContainer(IMAGE)
                .withProductionMode()
                .withProviderLibsFrom(providers(home))
                .withNetworkMode("host")
                // The heap is the container's: KeycloakContainer sets JAVA_OPTS_KC_HEAP by RAM percentages itself.
                .withEnv(env)
                .withStartupTimeout(Duration.ofMinutes(5));
        container.setExposedPorts(new ArrayList<>());
        if (env.containsKey("KC_BOOTSTRAP_ADMIN_USERNAME")) {
            container
                    .withAdminUsername(env.get("KC_BOOTSTRAP_ADMIN_USERNAME"))
                    .withAdminPassword(env.get("KC_BOOTSTRAP_ADMIN_PASSWORD"));
        }
        for (Path realm : realmFiles(home)) {
            container.withCopyFileToContainer(
                    MountableFile.forHostPath(realm, 0644), "/opt/keycloak/data/import/" + realm.getFileName());
        }
        options.stream().filter(option -> !option.equals("--import-realm")).forEach(container::withCustomCommand);
        // The node's own health check (KeycloakNode) decides readiness: the host's ports are not mapped ports.
        container.waitingFor(new AbstractWaitStrategy() {
            @Override
            protected void waitUntilReady() {}
        });
        container.withLogConsumer(frame -> append(log, frame));
        container.start();
        return new KeycloakInContainer(name, log, container);
    }

    /** The freshly built extension and the tests' own providers (the test clock) that the run's home holds. */
    private static List<java.io.File> providers(Path home) {
        List<java.io.File> jars = new ArrayList<>();
        jars.add(home.resolve("providers/coffee-keycloak-extension.jar").toFile());
        KeycloakDistribution.testProviders()
                .forEach(jar -> jars.add(
                        home.resolve("providers").resolve(jar.getFileName()).toFile()));
        return jars;
    }

    private static List<Path> realmFiles(Path home) {
        try (Stream<Path> files = Files.list(home.resolve("data/import"))) {
            return files.filter(file -> file.toString().endsWith(".json")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("no realm files under " + home, e);
        }
    }

    private static void append(Path log, OutputFrame frame) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(
                    log,
                    frame.getUtf8String(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("[coffee-it] " + log + ": " + e.getMessage());
        }
    }

    @Override
    public KeycloakInContainer awaitHealthy(URI healthUrl, Duration timeout) {
        Await.until(
                () -> healthy(healthUrl),
                Boolean::booleanValue,
                Duration.ofMillis(250),
                timeout,
                no -> new IllegalStateException(failure("was not healthy at " + healthUrl + " within " + timeout)));
        return this;
    }

    /** Whether {@code healthUrl} answers 200; fails at once when the container has ended. */
    private boolean healthy(URI healthUrl) {
        if (!isAlive()) {
            throw new IllegalStateException(failure("exited before it was healthy"));
        }
        return answers200(healthUrl);
    }

    private static boolean answers200(URI url) {
        try {
            return Http.get(url).status() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private String failure(String what) {
        return "Keycloak " + name + " in container " + container.getContainerName() + " " + what + "; its log is " + log
                + ", ending with:\n" + ServerProcess.tail(log, 40);
    }

    @Override
    public boolean isAlive() {
        return container.isRunning();
    }

    @Override
    public long pid() {
        Long pid = docker().inspectContainerCmd(container.getContainerId())
                .exec()
                .getState()
                .getPidLong();
        return pid == null ? -1 : pid;
    }

    @Override
    public Path log() {
        return log;
    }

    @Override
    public void kill() {
        docker().killContainerCmd(container.getContainerId()).exec();
    }

    /** Stops gracefully (SIGTERM, up to 30 s, as an operator's restart), then removes the container. */
    @Override
    public void close() {
        if (isAlive()) {
            docker().stopContainerCmd(container.getContainerId())
                    .withTimeout(30)
                    .exec();
        }
        container.stop();
    }

    private DockerClient docker() {
        return container.getDockerClient();
    }

    @Override
    public String toString() {
        return "Keycloak " + name + " in " + IMAGE;
    }
}
