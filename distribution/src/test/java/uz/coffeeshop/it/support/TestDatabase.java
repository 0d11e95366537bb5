package uz.coffeeshop.it.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the Keycloak under test keeps its data: a fresh PostgreSQL database for this run when a server answers
 * on 127.0.0.1:5432 (trust or {@code POSTGRES_USER}/{@code POSTGRES_PASSWORD}), Keycloak's dev-file H2 otherwise.
 */
public final class TestDatabase implements AutoCloseable {

    static final String HOST = System.getenv().getOrDefault("POSTGRES_HOST", "127.0.0.1");
    static final String PORT = System.getenv().getOrDefault("POSTGRES_PORT", "5432");
    static final String USER = System.getenv().getOrDefault("POSTGRES_USER", "postgres");
    static final String PASSWORD = System.getenv().getOrDefault("POSTGRES_PASSWORD", "");

    /**
     * What makes H2 write each commit to its file before the commit returns, so a process kill loses nothing that
     * was acknowledged. H2's MVStore otherwise writes in a background thread up to {@code WRITE_DELAY} (500 ms) after
     * a commit; with 0 its TransactionStore commits the store on each transaction's end. Keycloak appends
     * {@code db-url-properties} as is to its dev-file URL (Database.Vendor.H2), hence the leading {@code ;}.
     * {@code barista up} puts the same setting in the URL it builds.
     */
    public static final String H2_COMMIT_BEFORE_RETURN = ";WRITE_DELAY=0";

    private final String name;
    /** An H2 served over TCP that the test can read too ({@link #sharedH2}); null for dev-file and PostgreSQL. */
    private final H2Server h2;

    private TestDatabase(String name) {
        this(name, null);
    }

    private TestDatabase(String name, H2Server h2) {
        this.name = name;
        this.h2 = h2;
    }

    /**
     * A new, empty PostgreSQL database, or H2 when no PostgreSQL answers or {@code -Dcoffee.it.h2=true} asks for it.
     */
    public static TestDatabase create() {
        if (Boolean.getBoolean("coffee.it.h2")) {
            return embedded();
        }
        return postgres().orElseGet(() -> {
            System.err.println("[coffee-it] no PostgreSQL on " + HOST + ":" + PORT + ": Keycloak runs on dev-file H2");
            return embedded();
        });
    }

    /** Keycloak's dev-file H2 in the node's home, as {@code barista up} runs it by default. */
    public static TestDatabase embedded() {
        return new TestDatabase(null);
    }

    /**
     * A new, empty H2 database behind an H2 TCP server of its own (under {@code workDir}): of Keycloak's H2 kind
     * ({@code dev-file} build), but several nodes can share it and the test can read and write its rows while
     * Keycloak runs, which Keycloak's dev-file database (one process only) does not allow.
     */
    public static TestDatabase sharedH2(Path workDir) {
        return new TestDatabase(null, H2Server.start(workDir));
    }

    /** A new, empty PostgreSQL database, or none when no PostgreSQL answers on {@code POSTGRES_HOST:PORT}. */
    public static Optional<TestDatabase> postgres() {
        String name =
                "coffee_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = connect("postgres");
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
            return Optional.of(new TestDatabase(name));
        } catch (SQLException e) {
            System.err.println("[coffee-it] no PostgreSQL on " + HOST + ":" + PORT + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    public boolean isPostgres() {
        return name != null;
    }

    /** The build-time option {@code --db}: an optimized Keycloak build works only with the kind it was built for. */
    public String kind() {
        return isPostgres() ? "postgres" : "dev-file";
    }

    /** Keycloak's run-time database options (without the kind). */
    public Map<String, String> keycloakOptions() {
        if (h2 != null) {
            return h2.keycloakOptions();
        }
        if (!isPostgres()) {
            return Map.of("db-url-properties", H2_COMMIT_BEFORE_RETURN);
        }
        Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put("db-url", jdbcUrl(name));
        options.put("db-username", USER);
        if (!PASSWORD.isEmpty()) { // trust authentication: kc.sh refuses an empty value
            options.put("db-password", PASSWORD);
        }
        return options;
    }

    /** A connection to the test database itself, for tests that age users or inspect rows. */
    public Connection connect() throws SQLException {
        if (h2 != null) {
            return h2.connect();
        }
        if (!isPostgres()) {
            throw new IllegalStateException("this run is on H2, which the running Keycloak holds exclusively");
        }
        return connect(name);
    }

    @Override
    public void close() {
        if (h2 != null) {
            h2.close();
        }
        if (!isPostgres()) {
            return;
        }
        try (Connection admin = connect("postgres");
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("[coffee-it] could not drop " + name + ": " + e.getMessage());
        }
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
    }

    private static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }
}
