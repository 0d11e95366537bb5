package uz.coffeeshop.it.cleanup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.TestDatabase;
import uz.coffeeshop.it.support.Tokens;

/**
 * A realm of its own for one cleanup test, made through Keycloak's admin API like the coffee-shop realm (coffee-api
 * with the {@code cleanup:run} permission, coffee-cli with the audience mapper, the coffee-shop e-mail theme, the
 * {@code cleanupExempt} attribute editable by admins only), so that runs with a short lifetime never touch the
 * users other tests keep in the shared coffee-shop realm. Users are aged by moving {@code created_timestamp} in the
 * database, then Keycloak's user cache is cleared.
 */
public final class CleanupRealm {

    static final String OPERATOR_PASSWORD = "operator password 123";

    final KeycloakNode node;
    final TestDatabase database;
    final String name;
    final KeycloakAdmin admin;
    final String operatorEmail;

    private CleanupRealm(KeycloakNode node, TestDatabase database, String name) {
        this.node = node;
        this.database = database;
        this.name = name;
        this.admin = new KeycloakAdmin(node, name);
        this.operatorEmail = "operator@" + name + ".test";
    }

    /**
     * A realm with the cleanup on, switched on a year ago, lifetime {@code lifetimeMinutes} and reminders {@code
     * reminderLeadMinutes} before the deadline; mail to {@code smtpPort}.
     */
    static CleanupRealm create(
            KeycloakNode node, TestDatabase database, int smtpPort, long lifetimeMinutes, long reminderLeadMinutes) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("coffee.cleanup.enabled", "true");
        attributes.put(
                "coffee.cleanup.enabledSince",
                String.valueOf(Instant.now().minus(Duration.ofDays(365)).toEpochMilli()));
        return create(node, database, smtpPort, lifetimeMinutes, reminderLeadMinutes, attributes);
    }

    /** A realm as above with the cleanup's attributes as given (no switch-on stamp: Keycloak's moment counts). */
    static CleanupRealm create(
            KeycloakNode node,
            TestDatabase database,
            int smtpPort,
            long lifetimeMinutes,
            long reminderLeadMinutes,
            Map<String, String> cleanupAttributes) {
        String name = "cleanup-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> realm = new HashMap<>();
        realm.put("realm", name);
        realm.put("enabled", true);
        realm.put("registrationAllowed", true);
        realm.put("registrationEmailAsUsername", true);
        realm.put("verifyEmail", true);
        realm.put("emailTheme", "coffee-shop");
        realm.put("eventsEnabled", true);
        realm.put("adminEventsEnabled", true);
        realm.put("adminEventsDetailsEnabled", true);
        Map<String, String> attributes = new HashMap<>(cleanupAttributes);
        attributes.put("coffee.cleanup.lifetimeMinutes", String.valueOf(lifetimeMinutes));
        attributes.put("coffee.cleanup.reminderLeadMinutes", String.valueOf(reminderLeadMinutes));
        attributes.put("coffee.timezone", "Asia/Tashkent");
        realm.put("attributes", attributes);
        realm.put(
                "smtpServer",
                Map.of("host", "127.0.0.1", "port", String.valueOf(smtpPort), "from", "no-reply@coffee-shop.test"));
        realm.put(
                "roles",
                Map.of(
                        "realm", List.of(Map.of("name", "admin"), Map.of("name", "user")),
                        "client",
                                Map.of(
                                        "coffee-api",
                                        List.of(Map.of("name", "cleanup:run"), Map.of("name", "users:read")))));
        realm.put(
                "clients",
                List.of(
                        Map.of("clientId", "coffee-api", "bearerOnly", true, "enabled", true),
                        Map.of(
                                "clientId",
                                Tokens.CLI_CLIENT,
                                "publicClient",
                                true,
                                "enabled",
                                true,
                                "directAccessGrantsEnabled",
                                true,
                                "standardFlowEnabled",
                                false,
                                "protocolMappers",
                                List.of(Map.of(
                                        "name",
                                        "coffee-api audience",
                                        "protocol",
                                        "openid-connect",
                                        "protocolMapper",
                                        "oidc-audience-mapper",
                                        "config",
                                        Map.of(
                                                "included.client.audience", "coffee-api",
                                                "access.token.claim", "true",
                                                "id.token.claim", "false"))))));
        Http.Response created = Http.send(HttpRequest.newBuilder(node.baseUrl().resolve("/admin/realms"))
                .header("Authorization", "Bearer " + new KeycloakAdmin(node, "master").token())
                .header("Content-Type", "application/json")
                .POST(Http.jsonBody(realm)));
        if (created.status() != 201) {
            throw new AssertionError("could not create realm " + name + ": " + created);
        }
        CleanupRealm cleanupRealm = new CleanupRealm(node, database, name);
        cleanupRealm.declareExemptAttribute();
        String operator = cleanupRealm.admin.createUser(
                cleanupRealm.operatorEmail,
                OPERATOR_PASSWORD,
                true,
                Map.of("firstName", "Cleanup", "lastName", "Operator"));
        cleanupRealm.grantPermission(operator, "cleanup:run");
        cleanupRealm.grantPermission(operator, "users:read");
        return cleanupRealm;
    }

    /** The user-profile attribute {@code cleanupExempt}, only admins see and edit it (as in the coffee-shop realm). */
    private void declareExemptAttribute() {
        JsonNode profile = admin.send("GET", "/users/profile", null).json();
        ObjectNode exempt = Http.JSON.createObjectNode();
        exempt.put("name", "cleanupExempt");
        exempt.put("displayName", "Never delete as unverified");
        exempt.put("multivalued", false);
        ObjectNode permissions = exempt.putObject("permissions");
        permissions.putArray("view").add("admin");
        permissions.putArray("edit").add("admin");
        ((ArrayNode) profile.path("attributes")).add(exempt);
        Http.Response response = admin.send("PUT", "/users/profile", profile);
        if (response.status() != 200) {
            throw new AssertionError("could not declare cleanupExempt: " + response);
        }
    }

    void grantPermission(String userId, String permission) {
        String apiClient = admin.send("GET", "/clients?clientId=coffee-api", null)
                .json()
                .get(0)
                .path("id")
                .asText();
        JsonNode role = admin.send("GET", "/clients/" + apiClient + "/roles/" + permission, null)
                .json();
        Http.Response response =
                admin.send("POST", "/users/" + userId + "/role-mappings/clients/" + apiClient, List.of(role));
        if (response.status() != 204) {
            throw new AssertionError("could not grant " + permission + ": " + response);
        }
    }

    String operatorToken() {
        return Tokens.login(node, name, operatorEmail, OPERATOR_PASSWORD).accessToken();
    }

    /**
     * A never-verified user made by an admin, with the verify-e-mail required action pending: not a sign-up, so never
     * a candidate ({@link #signedUpUser} for one that is).
     */
    String unverifiedUser(String email, Map<String, Object> extra) {
        Map<String, Object> representation = new HashMap<>(extra);
        representation.putIfAbsent("requiredActions", List.of("VERIFY_EMAIL"));
        representation.putIfAbsent("firstName", "Test");
        representation.putIfAbsent("lastName", "User");
        return admin.createUser(email, "a long enough password", false, representation);
    }

    String unverifiedUser(String email) {
        return unverifiedUser(email, Map.of());
    }

    /**
     * A never-verified user marked as signed up, as the sign-up API and the registration form leave one (the mark
     * written in the database; {@link #signUp} goes through the API itself). Made by the admin API to give it
     * what a rule looks at.
     */
    String signedUpUser(String email, Map<String, Object> extra) {
        String id = unverifiedUser(email, extra);
        markSignedUp(id);
        return id;
    }

    String signedUpUser(String email) {
        return signedUpUser(email, Map.of());
    }

    /** Writes the sign-up mark (the creation instant) on an existing user; then {@link #forgetCache}. */
    void markSignedUp(String userId) {
        sql(
                "INSERT INTO user_attribute (id, name, value, user_id) SELECT ?, 'coffee.cleanup.signedUpAt',"
                        + " CAST(created_timestamp AS VARCHAR(20)), id FROM user_entity WHERE id = ?",
                statement -> {
                    statement.setString(1, UUID.randomUUID().toString());
                    statement.setString(2, userId);
                });
    }

    /** Signs up through the extension's sign-up API, anonymously, as a customer does; returns the user JSON. */
    JsonNode signUp(String email) {
        Http.Response response =
                Http.send(HttpRequest.newBuilder(node.baseUrl().resolve("/realms/" + name + "/coffee/auth/signup"))
                        .header("Content-Type", "application/json")
                        .POST(Http.jsonBody(Map.of(
                                "email",
                                email,
                                "password",
                                "a long enough password",
                                "firstName",
                                "Test",
                                "lastName",
                                "User"))));
        if (response.status() != 201) {
            throw new AssertionError("sign-up failed: " + response);
        }
        return response.json();
    }

    /** The user as the extension's user API shows it to the operator (who holds {@code users:read}). */
    JsonNode apiUser(String userId) {
        Http.Response response =
                Http.get(node.baseUrl().resolve("/realms/" + name + "/coffee/users/" + userId), operatorToken());
        if (response.status() != 200) {
            throw new AssertionError("could not read user " + userId + ": " + response);
        }
        return response.json();
    }

    /**
     * Moves the user's creation (and its sign-up mark, when it has one) back by {@code age} from now (then forget
     * cached copies: {@link #forgetCache}).
     */
    void age(String userId, Duration age) {
        long created = Instant.now().minus(age).toEpochMilli();
        sql("UPDATE user_entity SET created_timestamp = ? WHERE id = ?", statement -> {
            statement.setLong(1, created);
            statement.setString(2, userId);
        });
        sql(
                "UPDATE user_attribute SET value = ? WHERE user_id = ? AND name = 'coffee.cleanup.signedUpAt'",
                statement -> {
                    statement.setString(1, String.valueOf(created));
                    statement.setString(2, userId);
                });
    }

    /**
     * {@code count} signed-up users, each {@code age} old, in the order of their ids (the order in which a run's
     * reader hands them to the batches); then {@link #forgetCache}.
     */
    List<String> agedSignUps(String prefix, int count, Duration age) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = signedUpUser(email(prefix + i));
            age(id, age);
            ids.add(id);
        }
        ids.sort(String::compareTo);
        forgetCache();
        return ids;
    }

    /** Moves the moment the user's reminder went back by {@code age}; then {@link #forgetCache}. */
    void remindedAgo(String userId, Duration age) {
        sql("DELETE FROM user_attribute WHERE user_id = ? AND name = 'coffee.cleanup.remindedAt'", statement -> {
            statement.setString(1, userId);
        });
        sql(
                "INSERT INTO user_attribute (id, name, value, user_id) VALUES (?, 'coffee.cleanup.remindedAt', ?, ?)",
                statement -> {
                    statement.setString(1, UUID.randomUUID().toString());
                    statement.setString(
                            2, String.valueOf(Instant.now().minus(age).toEpochMilli()));
                    statement.setString(3, userId);
                });
    }

    void forgetCache() {
        Http.Response response = admin.send("POST", "/clear-user-cache", null);
        if (response.status() != 204) {
            throw new AssertionError("could not clear the user cache: " + response);
        }
    }

    /** Sets realm attributes, keeping the others. */
    void attributes(Map<String, String> attributes) {
        setRealmAttributes(admin, attributes);
    }

    /**
     * Sets realm attributes through the admin API, keeping the others: a realm update replaces the whole attribute
     * map with the one it carries.
     */
    public static void setRealmAttributes(KeycloakAdmin admin, Map<String, String> attributes) {
        JsonNode realm = admin.send("GET", "", null).json();
        Map<String, Object> merged = new HashMap<>();
        realm.path("attributes")
                .fields()
                .forEachRemaining(
                        field -> merged.put(field.getKey(), field.getValue().asText()));
        merged.putAll(attributes);
        Http.Response response = admin.send("PUT", "", Map.of("attributes", merged));
        if (response.status() != 204) {
            throw new AssertionError("could not set realm attributes: " + response);
        }
    }

    /**
     * Holds a run in its removal of {@code userId}, without a sleep: locks the user's sign-up mark in {@code
     * holder}'s open transaction; the removal deletes the user's attributes and waits for the row until the holder
     * ends its transaction.
     */
    static void holdRemovalOf(Connection holder, String userId) throws SQLException {
        try (PreparedStatement statement = holder.prepareStatement(
                "SELECT value FROM user_attribute WHERE user_id = ? AND name = 'coffee.cleanup.signedUpAt' FOR UPDATE")) {
            statement.setString(1, userId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new AssertionError("user " + userId + " carries no sign-up mark to hold");
                }
            }
        }
    }

    /** Sessions of the database waiting for a row lock: a run's batch behind a test's {@link #holdRemovalOf}. */
    static long lockWaits(TestDatabase database) {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                + " AND wait_event_type = 'Lock'");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean exists(String userId) {
        return count("SELECT count(*) FROM user_entity WHERE id = ?", userId) == 1;
    }

    long count(String sql, String parameter) {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    String realmId() {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement("SELECT id FROM realm WHERE name = ?")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Admin events of this realm that deleted {@code userId}. */
    List<String> deletionEvents(String userId) {
        List<String> representations = new ArrayList<>();
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT representation FROM admin_event_entity WHERE realm_id = ? AND operation_type ="
                                + " 'DELETE' AND resource_type = 'USER' AND resource_path = ?")) {
            statement.setString(1, realmId());
            statement.setString(2, "users/" + userId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    representations.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return representations;
    }

    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    void sql(String sql, Binder binder) {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    URI cleanupUrl(String path) {
        return node.baseUrl().resolve("/realms/" + name + "/coffee/admin/cleanup" + path);
    }

    Http.Response run(boolean dryRun) {
        return CleanupRuns.post(cleanupUrl(""), dryRun, operatorToken());
    }

    /** The report of a run, answered 200 when it ends. */
    JsonNode runOk(boolean dryRun) {
        return CleanupRuns.ok(cleanupUrl(""), dryRun, operatorToken());
    }

    static String email(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
    }

    static CleanupRealm onStack(
            CoffeeStack stack, long lifetimeMinutes, long reminderLeadMinutes, Map<String, String> attributes) {
        return create(
                stack.keycloak(),
                stack.database(),
                stack.mailbox().smtpPort(),
                lifetimeMinutes,
                reminderLeadMinutes,
                attributes);
    }

    static CleanupRealm onStack(CoffeeStack stack, long lifetimeMinutes, long reminderLeadMinutes) {
        return create(
                stack.keycloak(), stack.database(), stack.mailbox().smtpPort(), lifetimeMinutes, reminderLeadMinutes);
    }
}
