package uz.coffeeshop.it.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import uz.coffeeshop.it.cleanup.CleanupRealm;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.FreePort;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.TestDatabase;
import uz.coffeeshop.it.support.Tokens;

/**
 * A coffee shop of the console tests' own: a Keycloak node on a fresh database whose coffee-shop realm has its first
 * admin from {@code COFFEE_ADMIN_*} (as an operator starts it), its SMTP server pointing nowhere at first (so mails
 * die after one attempt) and no scheduled cleanup during the run (the tests run it). Shared by the console tests
 * through JUnit's root store, stopped when the run ends; the suite's shared realm is never touched.
 */
final class ConsoleShop implements AutoCloseable {

    static final String ADMIN_EMAIL = "owner@coffee-shop.test";
    static final String ADMIN_PASSWORD = "espresso doppio 2026";
    static final String PASSWORD = "a long enough password";

    final TestDatabase database;
    final KeycloakNode node;
    final KeycloakAdmin admin;

    private ConsoleShop(TestDatabase database, KeycloakNode node) {
        this.database = database;
        this.node = node;
        this.admin = new KeycloakAdmin(node, CoffeeStack.REALM);
    }

    static ConsoleShop of(ExtensionContext context, CoffeeStack stack) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(ConsoleShop.class))
                .computeIfAbsent(ConsoleShop.class, key -> start(stack), ConsoleShop.class);
    }

    private static ConsoleShop start(CoffeeStack stack) {
        TestDatabase database = TestDatabase.create();
        Map<String, String> env = new HashMap<>(CoffeeStack.realmEnvironment(stack.mailbox()));
        env.put("COFFEE_ADMIN_EMAIL", ADMIN_EMAIL);
        env.put("COFFEE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("SMTP_PORT", String.valueOf(FreePort.next())); // nobody listens there: mails die
        Map<String, String> options = Map.of(
                "spi-email-sender--coffee-outbox--interval", "1000",
                "spi-email-sender--coffee-outbox--max-attempts", "1",
                "spi-coffee-cleanup--default--interval-seconds", "86400");
        try {
            KeycloakNode node = KeycloakNode.start(
                    stack.distributionFor(database), database, stack.workDir(), "keycloak-console", options, env);
            return new ConsoleShop(database, node);
        } catch (RuntimeException | Error e) {
            database.close();
            throw e;
        }
    }

    String adminToken() {
        return Tokens.login(node, CoffeeStack.REALM, ADMIN_EMAIL, ADMIN_PASSWORD)
                .accessToken();
    }

    /** A verified user who holds exactly {@code permissions} (coffee-api client roles) and no realm role but user. */
    String userWith(String email, String... permissions) {
        String id = admin.createUser(email, PASSWORD, true);
        String apiClient = admin.send("GET", "/clients?clientId=coffee-api", null)
                .json()
                .get(0)
                .path("id")
                .asText();
        for (String permission : permissions) {
            JsonNode role = admin.send("GET", "/clients/" + apiClient + "/roles/" + permission, null)
                    .json();
            Http.Response granted =
                    admin.send("POST", "/users/" + id + "/role-mappings/clients/" + apiClient, List.of(role));
            if (granted.status() != 204) {
                throw new AssertionError("could not grant " + permission + ": " + granted);
            }
        }
        return id;
    }

    String tokenOf(String email) {
        return Tokens.login(node, CoffeeStack.REALM, email, PASSWORD).accessToken();
    }

    /**
     * A customer who signed up through the API {@code age} ago and never verified: due once the lifetime is shorter
     * than {@code age}, counted from a switch-on a year ago. Returns the user's id.
     */
    String signedUpAgo(String email, Duration age) {
        Http.Response signedUp = Http.send(HttpRequest.newBuilder(api("/auth/signup"))
                .header("Content-Type", "application/json")
                .POST(Http.jsonBody(Map.of("email", email, "password", PASSWORD))));
        if (signedUp.status() != 201) {
            throw new AssertionError("sign-up failed: " + signedUp);
        }
        String id = signedUp.json().path("id").asText();
        long created = Instant.now().minus(age).toEpochMilli();
        sql("UPDATE user_entity SET created_timestamp = ? WHERE id = ?", created, id);
        sql(
                "UPDATE user_attribute SET value = ? WHERE user_id = ? AND name = 'coffee.cleanup.signedUpAt'",
                String.valueOf(created),
                id);
        CleanupRealm.setRealmAttributes(
                admin,
                Map.of(
                        "coffee.cleanup.enabledSince",
                        String.valueOf(Instant.now().minus(Duration.ofDays(365)).toEpochMilli())));
        Http.Response cleared = admin.send("POST", "/clear-user-cache", null);
        if (cleared.status() != 204) {
            throw new AssertionError("could not clear the user cache: " + cleared);
        }
        return id;
    }

    /** Points the realm's SMTP settings at {@code port} (the test's mail server, or nowhere). */
    void smtpTo(int port) {
        JsonNode realm = admin.send("GET", "", null).json();
        Map<String, Object> smtp = new HashMap<>();
        realm.path("smtpServer")
                .fields()
                .forEachRemaining(f -> smtp.put(f.getKey(), f.getValue().asText()));
        smtp.put("port", String.valueOf(port));
        Http.Response updated = admin.send("PUT", "", Map.of("smtpServer", smtp));
        if (updated.status() != 204) {
            throw new AssertionError("could not set the SMTP port: " + updated);
        }
    }

    /**
     * Stores a realm attribute through Keycloak's own admin API, around the coffee API and its rules (the other
     * attributes kept as they are).
     */
    void storeAttributeAroundTheApi(String name, String value) {
        Map<String, Object> attributes = new HashMap<>();
        admin.send("GET", "", null)
                .json()
                .path("attributes")
                .fields()
                .forEachRemaining(attribute ->
                        attributes.put(attribute.getKey(), attribute.getValue().asText()));
        attributes.put(name, value);
        Http.Response updated = admin.send("PUT", "", Map.of("attributes", attributes));
        if (updated.status() != 204) {
            throw new AssertionError("could not store " + name + ": " + updated);
        }
    }

    /** The realm's cleanup settings, set through the API as the console does (null lifetime: the server's option). */
    void cleanupSettings(boolean enabled, Long lifetime, long lead, boolean dryRun) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("enabled", enabled);
        settings.put("lifetimeMinutes", lifetime);
        settings.put("reminderLeadMinutes", lead);
        settings.put("dryRun", dryRun);
        Http.Response saved = Http.send(HttpRequest.newBuilder(api("/admin/cleanup/settings"))
                .header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .PUT(Http.jsonBody(settings)));
        if (saved.status() != 200) {
            throw new AssertionError("cleanup settings not saved: " + saved);
        }
    }

    /** {@code /realms/coffee-shop/coffee{path}} on this node. */
    URI api(String path) {
        return node.baseUrl().resolve("/realms/" + CoffeeStack.REALM + "/coffee" + path);
    }

    URI page() {
        return api("/console/");
    }

    private void sql(String sql, Object... parameters) {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            node.close();
        } finally {
            database.close();
        }
    }
}
