package uz.coffeeshop.it.cleanup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import uz.coffeeshop.it.support.TestDatabase;

/**
 * Many users at once, written straight into Keycloak's tables with one {@code INSERT ... SELECT generate_series}
 * per table (PostgreSQL): a user row, the default-roles mapping a sign-up gets, and optionally the verify-e-mail
 * required action, the ever-verified marker or {@code cleanupExempt}. Thousands of users in a second, where the
 * admin API needs minutes; Keycloak reads them as it reads its own (they were never cached).
 */
public final class UserRows {

    private final TestDatabase database;
    private final String realmId;

    public UserRows(TestDatabase database, String realmName) {
        this.database = database;
        this.realmId = query("SELECT id FROM realm WHERE name = ?", realmName);
    }

    public String realmId() {
        return realmId;
    }

    /** Inserts {@code count} users named {@code <prefix><n>@bench.test}, created at {@code created}. */
    public void insert(String prefix, int count, Instant created, boolean verified, Extra... extras) {
        String users = "FROM generate_series(1, ?) g";
        String id = "md5(? || g)::uuid::text";
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO user_entity (id, email, email_constraint, email_verified, enabled, realm_id,"
                            + " username, created_timestamp, not_before, first_name, last_name)"
                            + " SELECT " + id + ", ? || g || '@bench.test', ? || g || '@bench.test', ?, true, ?,"
                            + " ? || g || '@bench.test', ?, 0, 'Bench', 'User' " + users)) {
                statement.setString(1, prefix);
                statement.setString(2, prefix);
                statement.setString(3, prefix);
                statement.setBoolean(4, verified);
                statement.setString(5, realmId);
                statement.setString(6, prefix);
                statement.setLong(7, created.toEpochMilli());
                statement.setInt(8, count);
                statement.executeUpdate();
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO user_role_mapping (role_id, user_id) SELECT (SELECT default_role FROM realm WHERE"
                            + " id = ?), " + id + " " + users)) {
                statement.setString(1, realmId);
                statement.setString(2, prefix);
                statement.setInt(3, count);
                statement.executeUpdate();
            }
            for (Extra extra : extras) {
                String sql = extra == Extra.VERIFY_EMAIL_PENDING
                        ? "INSERT INTO user_required_action (user_id, required_action) SELECT " + id
                                + ", 'VERIFY_EMAIL' " + users
                        : "INSERT INTO user_attribute (id, name, value, user_id) SELECT md5(? || ? || g)::uuid::text,"
                                + " ?, ?, " + id + " " + users;
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    int i = 1;
                    if (extra != Extra.VERIFY_EMAIL_PENDING) {
                        statement.setString(i++, extra.name());
                        statement.setString(i++, prefix);
                        statement.setString(i++, extra.attribute);
                        statement.setString(
                                i++, extra == Extra.EXEMPT ? "true" : String.valueOf(created.toEpochMilli()));
                    }
                    statement.setString(i++, prefix);
                    statement.setInt(i, count);
                    statement.executeUpdate();
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("could not insert " + count + " users " + prefix, e);
        }
    }

    /**
     * Refreshes PostgreSQL's statistics of the user tables, as its autovacuum does some time after a bulk load: a
     * planner that still believes the tables empty nests its loops over every user (minutes per page).
     */
    public void analyze() {
        try (Connection connection = database.connect();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute(
                    "ANALYZE user_entity, user_attribute, user_required_action, user_role_mapping, federated_identity");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ids of up to {@code limit} users of the prefix. */
    public java.util.List<String> ids(String prefix, int limit) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT id FROM user_entity WHERE realm_id = ? AND username LIKE ? LIMIT ?")) {
            statement.setString(1, realmId);
            statement.setString(2, prefix + "%");
            statement.setInt(3, limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    public long count(String prefix) {
        return Long.parseLong(query(
                "SELECT count(*)::text FROM user_entity WHERE realm_id = '" + realmId + "' AND username LIKE ?",
                prefix + "%"));
    }

    /** DELETE admin events of the realm for users of the prefix, and how many distinct users they name. */
    public long[] deletionEvents(String prefix) {
        String sql = "SELECT count(*), count(DISTINCT resource_path) FROM admin_event_entity WHERE realm_id = ?"
                + " AND operation_type = 'DELETE' AND resource_type = 'USER' AND representation LIKE ?";
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, realmId);
            statement.setString(2, "%" + prefix + "%");
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new long[] {rows.getLong(1), rows.getLong(2)};
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ends every connection to the database but this one's: what Keycloak sees when PostgreSQL restarts. */
    public int dropConnections() {
        try (Connection connection = database.connect();
                PreparedStatement statement =
                        connection.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String query(String sql, String parameter) {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("no row for " + sql + " / " + parameter);
                }
                return rows.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What else a user of the batch has. */
    public enum Extra {
        VERIFY_EMAIL_PENDING(null),
        EVER_VERIFIED("coffee.cleanup.everVerified"),
        EXEMPT("cleanupExempt"),
        /** Signed up at its creation, as the sign-up API and the registration form mark an account. */
        SIGNED_UP("coffee.cleanup.signedUpAt");

        private final String attribute;

        Extra(String attribute) {
            this.attribute = attribute;
        }
    }
}
