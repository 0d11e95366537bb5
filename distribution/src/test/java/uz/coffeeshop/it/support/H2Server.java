package uz.coffeeshop.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An H2 database that Keycloak nodes and the test share, served by H2's own TCP server in a process of its own: the
 * dev-file database is opened by one process only (the node's Keycloak), so a test that must read Keycloak's rows
 * on H2, or run two nodes on one H2, points Keycloak at this server instead. Server and test use the H2 jar of
 * Keycloak's distribution (loaded apart from the test's classpath), so the file format and protocol are Keycloak's.
 */
final class H2Server implements AutoCloseable {

    static final String USER = "sa";
    static final String PASSWORD = "coffee-h2";

    private final ServerProcess process;
    private final String url;
    private final Driver driver;

    private H2Server(ServerProcess process, String url, Driver driver) {
        this.process = process;
        this.url = url;
        this.driver = driver;
    }

    static H2Server start(Path workDir) {
        Path jar = h2Jar();
        Path baseDir = workDir.resolve("h2-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(baseDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = FreePort.next();
        ServerProcess process = ServerProcess.start(
                "H2 TCP server",
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        jar.toString(),
                        "org.h2.tools.Server",
                        "-tcp",
                        "-tcpPort",
                        String.valueOf(port),
                        "-ifNotExists",
                        "-baseDir",
                        baseDir.toString()),
                baseDir,
                Map.of(),
                baseDir.resolve("h2-server.log"));
        awaitPort(port, process, Duration.ofSeconds(60));
        // As Keycloak's dev-file URL (NON_KEYWORDS=VALUE), each commit written before it returns (as the tests'
        // dev-file runs ask).
        String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/./keycloakdb;NON_KEYWORDS=VALUE"
                + TestDatabase.H2_COMMIT_BEFORE_RETURN;
        try {
            URLClassLoader loader =
                    new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Driver driver = (Driver)
                    loader.loadClass("org.h2.Driver").getDeclaredConstructor().newInstance();
            return new H2Server(process, url, driver);
        } catch (ReflectiveOperationException | IOException e) {
            process.close();
            throw new IllegalStateException("could not load H2's driver from " + jar, e);
        }
    }

    Map<String, String> keycloakOptions() {
        return Map.of("db-url", url, "db-username", USER, "db-password", PASSWORD);
    }

    Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        return driver.connect(url, properties);
    }

    @Override
    public void close() {
        process.close();
    }

    private static Path h2Jar() {
        Path lib = CoffeeStack.assembledKeycloak().resolve("lib/lib/main");
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(path -> path.getFileName().toString().startsWith("com.h2database.h2-"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no H2 jar in " + lib));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitPort(int port, ServerProcess process, Duration timeout) {
        Await.until(
                () -> listens(port, process),
                Boolean::booleanValue,
                Duration.ofMillis(200),
                timeout,
                no -> new IllegalStateException(process.failure("did not listen on " + port + " within " + timeout)));
    }

    /** Whether {@code port} takes a connection; fails at once when the process has ended. */
    private static boolean listens(int port, ServerProcess process) {
        if (!process.isAlive()) {
            throw new IllegalStateException(process.failure("ended before it listened"));
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
