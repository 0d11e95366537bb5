package uz.coffeeshop.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The official Keycloak distribution that the build assembled (extension in {@code providers/}, realm in
 * {@code data/import/}), copied for this test run with the tests' own providers added and built once with {@code kc.sh build} for the run's
 * database kind (a test may build the other kind too), so that every node then starts with {@code start --optimized} in seconds.
 */
public final class KeycloakDistribution {

    /** Build-time options shared by every node of the run: what production images set in their Dockerfile. */
    static final List<String> BUILD_OPTIONS = List.of("--health-enabled=true", "--metrics-enabled=true");

    private final Path home;
    private final TestDatabase database;

    private KeycloakDistribution(Path home, TestDatabase database) {
        this.home = home;
        this.database = database;
    }

    /** Copies the assembled distribution under {@code workDir} and runs {@code kc.sh build} for {@code database}. */
    public static KeycloakDistribution build(Path assembled, Path workDir, TestDatabase database) {
        if (!Files.isRegularFile(assembled.resolve("bin/kc.sh"))) {
            throw new IllegalStateException(
                    "no Keycloak distribution at " + assembled + ": run the build (./mvnw verify) first");
        }
        // One build per database kind: a run may need both (the crash tests run on H2 and on PostgreSQL).
        Path home = workDir.resolve("keycloak-built-" + database.kind());
        deleteTree(home);
        copyTree(assembled, home, false);
        addTestProviders(home);
        List<String> command = new ArrayList<>(List.of("bash", "bin/kc.sh", "build", "--db=" + database.kind()));
        command.addAll(BUILD_OPTIONS);
        // One node per run needs no cluster transport; the cluster tests start nodes with cache=ispn themselves.
        command.add("--cache=ispn");
        ServerProcess.runToEnd(
                "kc.sh build",
                command,
                home,
                KeycloakNode.baseEnvironment(),
                workDir.resolve("keycloak-build.log"),
                Duration.ofMinutes(5));
        return new KeycloakDistribution(home, database);
    }

    /**
     * The providers only the tests' Keycloak has (the test clock, see {@link KeycloakClock}), from
     * {@code coffee.test.providers}: never in the assembled distribution that barista runs and the images copy.
     */
    private static void addTestProviders(Path home) {
        for (Path jar : testProviders()) {
            try {
                Files.copy(
                        jar, home.resolve("providers").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("could not add " + jar, e);
            }
        }
    }

    /** The jars of {@code coffee.test.providers}; fails when the build has not made them. */
    static List<Path> testProviders() {
        Path dir = Path.of(System.getProperty("coffee.test.providers", "target/test-providers"));
        try (Stream<Path> jars = Files.list(dir)) {
            List<Path> found = jars.filter(path -> path.toString().endsWith(".jar"))
                    .sorted()
                    .toList();
            if (found.isEmpty()) {
                throw new IllegalStateException(
                        "no test providers in " + dir + ": run the build (./mvnw verify) first");
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("no test providers at " + dir + ": run the build (./mvnw verify) first", e);
        }
    }

    public TestDatabase database() {
        return database;
    }

    /** A private home for one node: the built libraries linked, its own {@code conf/} and {@code data/}. */
    Path homeFor(String nodeName, Path workDir) {
        Path nodeHome = workDir.resolve(nodeName);
        deleteTree(nodeHome);
        copyTree(home, nodeHome, true);
        return nodeHome;
    }

    /** Copies a tree; with {@code linkLibraries}, files under {@code lib/} become hard links (they are never written). */
    static void copyTree(Path from, Path to, boolean linkLibraries) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(source);
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (linkLibraries && relative.startsWith("lib")) {
                    Files.createLink(target, source);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy " + from + " to " + to, e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted((a, b) -> b.compareTo(a))::iterator) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }
}
