package uz.coffeeshop.it.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.TestDatabase;
import uz.coffeeshop.it.support.Tokens;

/**
 * The batched removal ({@code removal=batch}) leaves Keycloak's database and caches as Keycloak's own removal
 * ({@code removal=keycloak}) does, on PostgreSQL and on H2 (served over TCP, so that two nodes and the test share
 * it). Two nodes of one cluster on a fresh database, one with each removal; twin users
 * that have everything a removal must take with it (a password, attributes, required actions, a realm role, a
 * group, an organization, a consent, an online and an offline session, a resource of their own and a permission
 * ticket on someone else's), and a keeper that has the same and stays. One twin of each pair is removed by a run
 * on the batch node, the other by a run on the Keycloak node; between the two, every table of the schema is read:
 * the two diffs, with the values of what went masked, must be equal, and afterwards no column may hold a removed
 * id. Each node had every twin in its user cache and the batch node's twins had their online sessions on the
 * other node: there the removed users are gone (404 by the admin API) and their refresh tokens fail.
 */
@CoffeeStackTest
class CleanupRemovalEquivalenceIT {

    private static final int PAIRS = 3;
    private static final String PASSWORD = "a long enough password";

    /** The tables a removal must reach for these users: the diff that misses one proves nothing. */
    private static final Set<String> TOUCHED = Set.of(
            "USER_ENTITY",
            "CREDENTIAL",
            "USER_ATTRIBUTE",
            "USER_REQUIRED_ACTION",
            "USER_ROLE_MAPPING",
            "USER_GROUP_MEMBERSHIP",
            "USER_CONSENT",
            "USER_CONSENT_CLIENT_SCOPE",
            "OFFLINE_USER_SESSION",
            "OFFLINE_CLIENT_SESSION",
            "RESOURCE_SERVER_RESOURCE",
            "RESOURCE_SERVER_PERM_TICKET");

    @Test
    void onPostgresTheBatchedRemovalLeavesWhatKeycloaksOwnRemovalLeaves(CoffeeStack stack) throws IOException {
        TestDatabase database = TestDatabase.postgres().orElse(null);
        Assumptions.assumeTrue(database != null, "no PostgreSQL on 127.0.0.1:5432");
        removeEachWayAndCompare(stack, database, "postgres");
    }

    @Test
    void onH2TheBatchedRemovalLeavesWhatKeycloaksOwnRemovalLeaves(CoffeeStack stack) throws IOException {
        removeEachWayAndCompare(stack, TestDatabase.sharedH2(stack.workDir()), "h2");
    }

    private static void removeEachWayAndCompare(CoffeeStack stack, TestDatabase db, String label) throws IOException {
        Map<String, String> env = CoffeeStack.realmEnvironment(stack.mailbox());
        try (TestDatabase database = db;
                KeycloakNode batchNode = KeycloakNode.start(
                        stack.distributionFor(database),
                        database,
                        stack.workDir(),
                        "removal-batch-" + label,
                        options("batch"),
                        env);
                KeycloakNode keycloakNode = KeycloakNode.start(
                        stack.distributionFor(database),
                        database,
                        stack.workDir(),
                        "removal-keycloak-" + label,
                        options("keycloak"),
                        env)) {
            CleanupRealm realm =
                    CleanupRealm.create(batchNode, database, stack.mailbox().smtpPort(), 60, 0);
            Fixture fixture = new Fixture(realm, keycloakNode);
            Twin keeper = fixture.twin("keeper");
            List<Twin> batched = new ArrayList<>();
            List<Twin> keycloaks = new ArrayList<>();
            for (int pair = 1; pair <= PAIRS; pair++) {
                batched.add(fixture.twin("twin-a-" + pair));
                keycloaks.add(fixture.twin("twin-b-" + pair));
            }
            String batchToken = operatorToken(batchNode, realm);
            String keycloakToken = operatorToken(keycloakNode, realm);
            assertThat(run(batchNode, realm, batchToken).path("deleted").asLong())
                    .as("nothing is due before the test ages a twin")
                    .isZero();
            String masterRealm = realmId(database, "master");
            List<KeycloakAdmin> admins = List.of(realm.admin, new KeycloakAdmin(keycloakNode, realm.name));
            List<Twin> everyone = new ArrayList<>(batched);
            everyone.addAll(keycloaks);
            everyone.add(keeper);
            for (Twin twin : everyone) {
                for (KeycloakAdmin admin : admins) {
                    // Every node holds every twin in its user cache now.
                    assertThat(admin.send("GET", "/users/" + twin.id, null).status())
                            .isEqualTo(200);
                }
                twin.refreshToken = fixture.refresh(twin);
            }

            batched.forEach(twin -> realm.age(twin.id, Duration.ofHours(3)));
            SchemaSnapshot before = SchemaSnapshot.take(database, masterRealm);
            JsonNode batchReport = run(batchNode, realm, batchToken);
            SchemaSnapshot afterBatch = SchemaSnapshot.take(database, masterRealm);

            keycloaks.forEach(twin -> realm.age(twin.id, Duration.ofHours(3)));
            SchemaSnapshot beforeKeycloak = SchemaSnapshot.take(database, masterRealm);
            JsonNode keycloakReport = run(keycloakNode, realm, keycloakToken);
            SchemaSnapshot afterKeycloak = SchemaSnapshot.take(database, masterRealm);

            assertThat(batchReport.path("deleted").asLong())
                    .as("%s", batchReport)
                    .isEqualTo(PAIRS);
            assertThat(batchReport.path("errors").asLong())
                    .as("%s", batchReport)
                    .isZero();
            assertThat(keycloakReport.path("deleted").asLong())
                    .as("%s", keycloakReport)
                    .isEqualTo(PAIRS);
            assertThat(keycloakReport.path("errors").asLong())
                    .as("%s", keycloakReport)
                    .isZero();
            // The batch really went as a batch: a batch that fails is redone Keycloak's way, and says so.
            assertThat(Files.readString(batchNode.log()))
                    .contains("removal batch)")
                    .doesNotContain("one by one");

            SchemaSnapshot.Diff byBatch = before.to(afterBatch);
            SchemaSnapshot.Diff byKeycloak = beforeKeycloak.to(afterKeycloak);
            assertThat(byBatch.removed().keySet()).containsAll(TOUCHED);
            assertThat(byKeycloak.removed().keySet()).containsAll(TOUCHED);
            Set<String> survivors = afterKeycloak.values();
            assertThat(byBatch.masked(survivors)).isEqualTo(byKeycloak.masked(survivors));

            List<String> removedIds = new ArrayList<>();
            batched.forEach(twin -> removedIds.add(twin.id));
            keycloaks.forEach(twin -> removedIds.add(twin.id));
            assertThat(afterKeycloak.holding(removedIds))
                    .as("no column still holds a removed user's id")
                    .isEmpty();
            assertThat(afterKeycloak.holding(List.of(keeper.id))).isNotEmpty();

            for (Twin twin : everyone) {
                int expected = twin == keeper ? 200 : 404;
                for (KeycloakAdmin admin : admins) {
                    assertThat(admin.send("GET", "/users/" + twin.id, null).status())
                            .as("%s on %s", twin.email, admin)
                            .isEqualTo(expected);
                }
                int refreshed = fixture.refreshStatus(twin);
                if (twin == keeper) {
                    assertThat(refreshed).isEqualTo(200);
                } else {
                    assertThat(refreshed)
                            .as("refresh of %s's session", twin.email)
                            .isEqualTo(400);
                }
            }
        }
    }

    private static Map<String, String> options(String removal) {
        Map<String, String> options = new HashMap<>();
        // No scheduled run during the test: each removal is the manual run the test asks of its node.
        options.put("spi-coffee-cleanup--default--interval-seconds", "86400");
        options.put("spi-coffee-cleanup--default--reminder-lead-minutes", "0");
        options.put("spi-coffee-cleanup--default--removal", removal);
        return options;
    }

    private static String operatorToken(KeycloakNode node, CleanupRealm realm) {
        return Tokens.login(node, realm.name, realm.operatorEmail, CleanupRealm.OPERATOR_PASSWORD)
                .accessToken();
    }

    private static JsonNode run(KeycloakNode node, CleanupRealm realm, String token) {
        return CleanupRuns.toTheEnd(
                node.baseUrl().resolve("/realms/" + realm.name + "/coffee/admin/cleanup"),
                false,
                () -> token,
                Duration.ofMinutes(5));
    }

    private static String realmId(TestDatabase database, String name) {
        try (var connection = database.connect();
                var statement = connection.prepareStatement("SELECT id FROM realm WHERE name = ?")) {
            statement.setString(1, name);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One user of the test, and the refresh token of its online session (on the second node). */
    private static final class Twin {
        final String id;
        final String email;
        String refreshToken;

        Twin(String id, String email) {
            this.id = id;
            this.email = email;
        }
    }

    /** What every twin gets, made through Keycloak's admin API where it has a way, in SQL where it has none. */
    private static final class Fixture {

        private final CleanupRealm realm;
        private final KeycloakNode second;
        private final String groupId;
        private final String organizationId;
        private final String cliClientId;
        private final String profileScopeId;
        private final String resourceServerId;
        private final String viewScopeId;
        private final String sharedResourceId;
        private final String ownerId;

        Fixture(CleanupRealm realm, KeycloakNode second) {
            this.realm = realm;
            this.second = second;
            KeycloakAdmin admin = realm.admin;
            // Password logins of unverified users (to give them sessions) need a realm that does not ask for it.
            expect(admin.send("PUT", "", Map.of("verifyEmail", false, "organizationsEnabled", true)), 204);
            groupId = created(admin.send("POST", "/groups", Map.of("name", "baristas")));
            organizationId = created(admin.send(
                    "POST",
                    "/organizations",
                    Map.of("name", "Beans", "alias", "beans", "domains", List.of(Map.of("name", "example.com")))));
            cliClientId = admin.send("GET", "/clients?clientId=" + Tokens.CLI_CLIENT, null)
                    .json()
                    .get(0)
                    .path("id")
                    .asText();
            String profile = null;
            for (JsonNode scope : admin.send("GET", "/client-scopes", null).json()) {
                if ("profile".equals(scope.path("name").asText())) {
                    profile = scope.path("id").asText();
                }
            }
            profileScopeId = profile;
            resourceServerId = created(admin.send(
                    "POST",
                    "/clients",
                    Map.of(
                            "clientId", "shop-resources",
                            "publicClient", false,
                            "serviceAccountsEnabled", true,
                            "authorizationServicesEnabled", true,
                            "secret", "shop resources secret " + UUID.randomUUID())));
            Http.Response scope = admin.send(
                    "POST", "/clients/" + resourceServerId + "/authz/resource-server/scope", Map.of("name", "view"));
            expect(scope, 201);
            viewScopeId = scope.json().path("id").asText();
            ownerId = admin.createUser(
                    CleanupRealm.email("owner"), PASSWORD, true, Map.of("firstName", "Shop", "lastName", "Owner"));
            sharedResourceId = resource("shared beans", ownerId);
        }

        Twin twin(String name) {
            String email = CleanupRealm.email(name);
            KeycloakAdmin admin = realm.admin;
            String id = admin.createUser(email, PASSWORD, false, Map.of("firstName", "Twin", "lastName", "User"));
            Twin twin = new Twin(id, email);
            // Sessions first: a required action would refuse the password login.
            twin.refreshToken =
                    Tokens.login(second, realm.name, email, PASSWORD).refreshToken();
            offlineLogin(email);
            ObjectNode user = (ObjectNode) admin.user(id);
            user.putArray("requiredActions").add("VERIFY_EMAIL").add("UPDATE_PROFILE");
            expect(admin.send("PUT", "/users/" + id, user), 204);

            realm.markSignedUp(id);
            realm.sql(
                    "INSERT INTO user_attribute (id, name, value, user_id) VALUES (?, 'coffee.test.favourite',"
                            + " 'flat white', ?)",
                    statement -> {
                        statement.setString(1, UUID.randomUUID().toString());
                        statement.setString(2, id);
                    });
            String consent = UUID.randomUUID().toString();
            long now = Instant.now().toEpochMilli();
            realm.sql(
                    "INSERT INTO user_consent (id, client_id, user_id, created_date, last_updated_date)"
                            + " VALUES (?, ?, ?, ?, ?)",
                    statement -> {
                        statement.setString(1, consent);
                        statement.setString(2, cliClientId);
                        statement.setString(3, id);
                        statement.setLong(4, now);
                        statement.setLong(5, now);
                    });
            realm.sql("INSERT INTO user_consent_client_scope (user_consent_id, scope_id) VALUES (?, ?)", statement -> {
                statement.setString(1, consent);
                statement.setString(2, profileScopeId);
            });

            admin.assignRealmRole(id, "user");
            expect(admin.send("PUT", "/users/" + id + "/groups/" + groupId, null), 204);
            expect(admin.send("POST", "/organizations/" + organizationId + "/members", id), 201);

            String own = resource("beans of " + email, id);
            ticket(sharedResourceId, ownerId, id);
            ticket(own, id, ownerId);
            return twin;
        }

        /** Refreshes the twin's online session on the second node; returns the new refresh token. */
        String refresh(Twin twin) {
            Http.Response response = refreshResponse(twin);
            expect(response, 200);
            return response.json().path("refresh_token").asText();
        }

        int refreshStatus(Twin twin) {
            return refreshResponse(twin).status();
        }

        private Http.Response refreshResponse(Twin twin) {
            return Http.send(HttpRequest.newBuilder(Tokens.tokenEndpoint(second, realm.name))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(Http.form(
                            "grant_type", "refresh_token",
                            "client_id", Tokens.CLI_CLIENT,
                            "refresh_token", twin.refreshToken)));
        }

        private void offlineLogin(String email) {
            Http.Response response = Http.send(HttpRequest.newBuilder(Tokens.tokenEndpoint(realm.node, realm.name))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(Http.form(
                            "grant_type",
                            "password",
                            "client_id",
                            Tokens.CLI_CLIENT,
                            "scope",
                            "openid offline_access",
                            "username",
                            email,
                            "password",
                            PASSWORD)));
            expect(response, 200);
            assertThat(response.json().path("scope").asText()).contains("offline_access");
        }

        private String resource(String name, String owner) {
            Http.Response response = realm.admin.send(
                    "POST",
                    "/clients/" + resourceServerId + "/authz/resource-server/resource",
                    Map.of(
                            "name",
                            name,
                            "owner",
                            Map.of("id", owner),
                            "ownerManagedAccess",
                            true,
                            "scopes",
                            List.of(Map.of("name", "view"))));
            expect(response, 201);
            return response.json().path("_id").asText();
        }

        /** A granted permission ticket: {@code requester} may view {@code owner}'s resource. */
        private void ticket(String resourceId, String owner, String requester) {
            long now = Instant.now().toEpochMilli();
            realm.sql(
                    "INSERT INTO resource_server_perm_ticket (id, owner, requester, created_timestamp,"
                            + " granted_timestamp, resource_id, scope_id, resource_server_id)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    statement -> {
                        statement.setString(1, UUID.randomUUID().toString());
                        statement.setString(2, owner);
                        statement.setString(3, requester);
                        statement.setLong(4, now);
                        statement.setLong(5, now);
                        statement.setString(6, resourceId);
                        statement.setString(7, viewScopeId);
                        statement.setString(8, resourceServerId);
                    });
        }

        private static String created(Http.Response response) {
            expect(response, 201);
            String location = response.header("Location").orElseThrow();
            return location.substring(location.lastIndexOf('/') + 1);
        }

        private static void expect(Http.Response response, int status) {
            assertThat(response.status()).as("%s", response).isEqualTo(status);
        }
    }
}
