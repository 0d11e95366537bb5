package uz.coffeeshop.it.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.Mailbox;
import uz.coffeeshop.it.support.Tokens;

/**
 * The cleanup against the real Keycloak and PostgreSQL of the run, each test in a realm of its own with a lifetime of
 * 60 minutes: users are made old by moving their creation time in the database, never by waiting.
 */
@CoffeeStackTest
class CleanupIT {

    private static final Duration PAST_DEADLINE = Duration.ofHours(3);
    private static final Map<String, Object> NAMES = Map.of("firstName", "Test", "lastName", "User");

    @Test
    void deletesANeverVerifiedUserPastItsDeadlineTheWayKeycloakDoesAndRecordsIt(CoffeeStack stack) {
        CleanupRealm realm = CleanupRealm.onStack(stack, 60, 0);
        String email = CleanupRealm.email("due");
        String due = realm.signedUpUser(email);
        realm.age(due, PAST_DEADLINE);
        realm.forgetCache();
        assertThat(realm.count("SELECT count(*) FROM credential WHERE user_id = ?", due))
                .isEqualTo(1);

        JsonNode report = realm.runOk(false);

        assertThat(realm.exists(due)).isFalse();
        assertThat(realm.count("SELECT count(*) FROM credential WHERE user_id = ?", due))
                .isZero();
        assertThat(report.path("deleted").asLong()).isEqualTo(1);
        assertThat(report.path("complete").asBoolean()).isTrue();
        assertThat(report.path("dryRun").asBoolean()).isFalse();
        assertThat(report.path("users").get(0).path("id").asText()).isEqualTo(due);
        assertThat(report.path("users").get(0).path("email").asText()).isEqualTo(email);
        List<String> events = realm.deletionEvents(due);
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).contains("never verified");

        JsonNode status = Http.get(realm.cleanupUrl(""), realm.operatorToken()).json();
        assertThat(status.path("policy").path("enabled").asBoolean()).isTrue();
        assertThat(status.path("policy").path("lifetimeMinutes").asLong()).isEqualTo(60);
        assertThat(status.path("lastReport").path("deleted").asLong()).isEqualTo(1);
        assertThat(status.path("lastReport").path("startedAt").asText()).isNotBlank();
        assertThat(status.path("history").size()).isGreaterThanOrEqualTo(1);

        String metrics =
                Http.get(stack.keycloak().managementUrl().resolve("/metrics")).text();
        assertThat(metrics).contains("coffee_cleanup_users_deleted_total{realm=\"" + realm.name + "\"} 1.0");
    }

    @Test
    void keepsEveryUserThatANeverDeletesRuleProtects(CoffeeStack stack) {
        CleanupRealm realm = CleanupRealm.onStack(stack, 60, 0);
        var admin = realm.admin;

        String verified = admin.createUser(CleanupRealm.email("verified"), "a long enough password", true, NAMES);
        String changedEmail = admin.createUser(CleanupRealm.email("changed"), "a long enough password", true, NAMES);
        ObjectNode changed = (ObjectNode) admin.user(changedEmail);
        changed.put("email", CleanupRealm.email("changed-new"));
        changed.put("emailVerified", false);
        changed.putArray("requiredActions").add("VERIFY_EMAIL");
        assertThat(admin.send("PUT", "/users/" + changedEmail, changed).status())
                .isEqualTo(204);
        realm.markSignedUp(changedEmail);
        String adminCreated = realm.unverifiedUser(CleanupRealm.email("admin-created"));
        String serviceAccount = serviceAccountWithVerifyEmailPending(realm);
        String federated = realm.signedUpUser(CleanupRealm.email("federated"));
        realm.sql(
                "UPDATE user_entity SET federation_link = 'some-ldap' WHERE id = ?",
                statement -> statement.setString(1, federated));
        String linked = linkedToIdentityProvider(realm);
        String directAdmin = realm.signedUpUser(CleanupRealm.email("admin"));
        admin.assignRealmRole(directAdmin, "admin");
        String compositeAdmin = realm.signedUpUser(CleanupRealm.email("composite-admin"));
        admin.send("POST", "/roles", Map.of("name", "head-barista"));
        admin.send(
                "POST",
                "/roles/head-barista/composites",
                List.of(admin.send("GET", "/roles/admin", null).json()));
        admin.assignRealmRole(compositeAdmin, "head-barista");
        String groupAdmin = realm.signedUpUser(CleanupRealm.email("group-admin"));
        String group = groupWithAdminRole(realm);
        assertThat(admin.send("PUT", "/users/" + groupAdmin + "/groups/" + group, null)
                        .status())
                .isEqualTo(204);
        String exempt = realm.signedUpUser(
                CleanupRealm.email("exempt"), Map.of("attributes", Map.of("cleanupExempt", List.of("true"))));
        String young = realm.signedUpUser(CleanupRealm.email("young"));
        String due = realm.signedUpUser(CleanupRealm.email("due"));
        // Old enough to be due, but each protected by one rule.
        List<String> protectedButOld = List.of(
                verified,
                changedEmail,
                adminCreated,
                serviceAccount,
                federated,
                linked,
                directAdmin,
                compositeAdmin,
                groupAdmin,
                exempt);
        for (String user : concat(protectedButOld, due)) {
            realm.age(user, PAST_DEADLINE);
        }
        realm.forgetCache();

        JsonNode report = realm.runOk(false);

        for (String kept : concat(protectedButOld, young)) {
            assertThat(realm.exists(kept)).as("user %s is kept", kept).isTrue();
        }
        assertThat(realm.exists(due)).isFalse();
        assertThat(report.path("deleted").asLong()).as(report.toString()).isEqualTo(1);
        JsonNode skipped = report.path("skipped");
        assertThat(skipped.path("everVerified").asLong()).as(report.toString()).isEqualTo(1);
        assertThat(skipped.has("noVerifyEmailPending"))
                .as("VERIFY_EMAIL plays no part")
                .isFalse();
        assertThat(skipped.path("serviceAccount").asLong()).isEqualTo(1);
        assertThat(skipped.path("federated").asLong()).isEqualTo(1);
        assertThat(skipped.path("identityProviderLink").asLong()).isEqualTo(1);
        assertThat(skipped.path("exempt").asLong()).isEqualTo(1);
        assertThat(skipped.path("admin").asLong()).isEqualTo(3);
    }

    @Test
    void remindsOnceWithAWorkingVerificationLinkAndTheDeadlineInTheShopsZone(CoffeeStack stack) {
        CleanupRealm realm = CleanupRealm.onStack(stack, 60, 30);
        String email = CleanupRealm.email("remind");
        String user = realm.signedUpUser(email);
        realm.age(user, Duration.ofMinutes(45)); // deadline in 15 minutes: inside the 30-minute reminder window
        realm.forgetCache();

        JsonNode first = realm.runOk(false);
        JsonNode second = realm.runOk(false);

        assertThat(first.path("reminded").asLong()).as(first.toString()).isEqualTo(1);
        assertThat(first.path("deleted").asLong()).isZero();
        assertThat(second.path("reminded").asLong()).as(second.toString()).isZero();
        MimeMessage reminder = stack.mailbox().awaitMessage(email, "Verify your e-mail", Duration.ofSeconds(60));
        String deadline = first.path("users").get(0).path("deletionDueAt").asText();
        assertThat(OffsetDateTime.parse(deadline).getOffset().getTotalSeconds()).isEqualTo(5 * 3600);
        assertThat(Mailbox.text(reminder)).contains(deadline);
        awaitALaterMail(stack, realm);
        assertThat(stack.mailbox().messagesTo(email)).hasSize(1);

        String page = VerificationLink.open(Mailbox.link(reminder, "action-token"));

        assertThat(realm.admin.user(user).path("emailVerified").asBoolean())
                .as(page)
                .isTrue();
        realm.age(user, PAST_DEADLINE);
        realm.forgetCache();
        realm.runOk(false);
        assertThat(realm.exists(user)).isTrue();
    }

    @Test
    void dryRunChangesNothingAndReportsWhatItWouldDo(CoffeeStack stack) {
        CleanupRealm realm = CleanupRealm.onStack(stack, 60, 30);
        String due = realm.signedUpUser(CleanupRealm.email("due"));
        String remindEmail = CleanupRealm.email("remind");
        String remind = realm.signedUpUser(remindEmail);
        realm.age(due, PAST_DEADLINE);
        realm.remindedAgo(due, Duration.ofHours(2));
        realm.age(remind, Duration.ofMinutes(45));
        realm.forgetCache();

        JsonNode report = realm.runOk(true);

        assertThat(report.path("dryRun").asBoolean()).isTrue();
        assertThat(report.path("deleted").asLong()).as(report.toString()).isEqualTo(1);
        assertThat(report.path("reminded").asLong()).isEqualTo(1);
        assertThat(report.path("users").toString()).contains(due).contains(remind);
        assertThat(realm.exists(due)).isTrue();
        assertThat(realm.deletionEvents(due)).isEmpty();
        assertThat(realm.count(
                        "SELECT count(*) FROM user_attribute WHERE name = 'coffee.cleanup.remindedAt' AND user_id = ?",
                        remind))
                .isZero();
        awaitALaterMail(stack, realm);
        assertThat(stack.mailbox().messagesTo(remindEmail)).isEmpty();
        JsonNode status = Http.get(realm.cleanupUrl(""), realm.operatorToken()).json();
        assertThat(status.path("lastReport").path("dryRun").asBoolean()).isTrue();
    }

    @Test
    void switchingTheCleanupOnNeverDeletesOldAccountsAtOnce(CoffeeStack stack) {
        CleanupRealm realm = CleanupRealm.onStack(stack, 60, 0);
        String old = realm.signedUpUser(CleanupRealm.email("old"));
        realm.age(old, Duration.ofDays(365));
        realm.forgetCache();
        realm.attributes(Map.of("coffee.cleanup.enabled", "false"));
        assertThat(realm.run(false).status()).isEqualTo(409);

        realm.attributes(Map.of("coffee.cleanup.enabled", "true", "coffee.cleanup.enabledSince", ""));
        JsonNode report = realm.runOk(false);

        assertThat(report.path("deleted").asLong()).isZero();
        assertThat(realm.exists(old)).isTrue();
        JsonNode policy =
                Http.get(realm.cleanupUrl(""), realm.operatorToken()).json().path("policy");
        Instant since =
                OffsetDateTime.parse(policy.path("enabledSince").asText()).toInstant();
        assertThat(since).isAfter(Instant.now().minus(Duration.ofMinutes(5)));
    }

    @Test
    void cleanupApiAnswersProblemsToCallersWithoutThePermission(CoffeeStack stack) {
        CleanupRealm realm = CleanupRealm.onStack(stack, 60, 0);
        String customer = CleanupRealm.email("customer");
        realm.admin.createUser(customer, "a long enough password", true, NAMES);
        String customerToken = Tokens.login(realm.node, realm.name, customer, "a long enough password")
                .accessToken();

        Http.Response anonymous = Http.get(realm.cleanupUrl(""));
        Http.Response forbidden = Http.send(HttpRequest.newBuilder(realm.cleanupUrl("/run?dryRun=false"))
                .header("Authorization", "Bearer " + customerToken)
                .POST(HttpRequest.BodyPublishers.noBody()));
        Http.Response badFlag = Http.send(HttpRequest.newBuilder(realm.cleanupUrl("/run?dryRun=maybe"))
                .header("Authorization", "Bearer " + realm.operatorToken())
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.header("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().path("detail").asText()).contains("cleanup:run");
        assertThat(badFlag.status()).isEqualTo(400);
        assertThat(badFlag.contentType()).startsWith("application/problem+json");
        assertThat(badFlag.json().path("errors").get(0).path("field").asText()).isEqualTo("dryRun");
        assertThat(Http.get(realm.cleanupUrl(""), customerToken).status()).isEqualTo(403);
    }

    private static String serviceAccountWithVerifyEmailPending(CleanupRealm realm) {
        String clientId = "svc-" + System.nanoTime();
        Http.Response created = realm.admin.send(
                "POST",
                "/clients",
                Map.of("clientId", clientId, "publicClient", false, "serviceAccountsEnabled", true));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String client = created.header("Location").orElseThrow().replaceAll(".*/", "");
        String user = realm.admin
                .send("GET", "/clients/" + client + "/service-account-user", null)
                .json()
                .path("id")
                .asText();
        realm.sql(
                "INSERT INTO user_required_action (user_id, required_action) VALUES (?, 'VERIFY_EMAIL')",
                statement -> statement.setString(1, user));
        realm.markSignedUp(user);
        return user;
    }

    private static String linkedToIdentityProvider(CleanupRealm realm) {
        Http.Response idp = realm.admin.send(
                "POST",
                "/identity-provider/instances",
                Map.of(
                        "alias",
                        "social",
                        "providerId",
                        "oidc",
                        "enabled",
                        true,
                        "config",
                        Map.of(
                                "clientId", "coffee",
                                "clientSecret", "secret",
                                "authorizationUrl", "http://127.0.0.1:9/auth",
                                "tokenUrl", "http://127.0.0.1:9/token")));
        assertThat(idp.status()).as(idp.toString()).isEqualTo(201);
        String user = realm.signedUpUser(CleanupRealm.email("linked"));
        Http.Response link = realm.admin.send(
                "POST",
                "/users/" + user + "/federated-identity/social",
                Map.of("identityProvider", "social", "userId", "external-1", "userName", "external"));
        assertThat(link.status()).as(link.toString()).isEqualTo(204);
        return user;
    }

    private static String groupWithAdminRole(CleanupRealm realm) {
        Http.Response created = realm.admin.send("POST", "/groups", Map.of("name", "shop-leads"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String group = created.header("Location").orElseThrow().replaceAll(".*/", "");
        JsonNode adminRole = realm.admin.send("GET", "/roles/admin", null).json();
        assertThat(realm.admin
                        .send("POST", "/groups/" + group + "/role-mappings/realm", List.of(adminRole))
                        .status())
                .isEqualTo(204);
        return group;
    }

    /**
     * Sends a mail after everything before and waits for it: the outbox sends oldest first, so a mail the runs had
     * queued would have come by then.
     */
    private static void awaitALaterMail(CoffeeStack stack, CleanupRealm realm) {
        String email = CleanupRealm.email("later");
        String id = realm.unverifiedUser(email);
        Http.Response sent = realm.admin.send("PUT", "/users/" + id + "/send-verify-email", null);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(204);
        stack.mailbox().awaitMessage(email, "", Duration.ofSeconds(60));
    }

    private static List<String> concat(List<String> users, String one) {
        List<String> all = new java.util.ArrayList<>(users);
        all.add(one);
        return all;
    }
}
