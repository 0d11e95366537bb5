package uz.coffeeshop.it.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.Mailbox;

/**
 * What the cleanup promises a customer and the shop (issue 13): only accounts that signed themselves up are ever
 * deleted, the deadline shown at sign-up is the one kept, and nobody goes without the reminder first.
 */
@CoffeeStackTest
class CleanupPromisesIT {

    private static final Duration PAST_DEADLINE = Duration.ofHours(3);

    @Test
    void anAdminCreatedStaffAccountIsNeverDeletedWhateverAnAnonymousResendDoes(CoffeeStack stack) {
        CleanupRealm realm = CleanupRealm.onStack(stack, 60, 0);
        String staffEmail = CleanupRealm.email("staff1");
        // A barista added at the till: e-mail set, not verified, no required action.
        String staff = realm.admin.createUser(
                staffEmail, "a long enough password", false, Map.of("firstName", "Staff", "lastName", "One"));
        String customer =
                realm.signUp(CleanupRealm.email("customer")).path("id").asText();
        realm.age(staff, PAST_DEADLINE);
        realm.age(customer, PAST_DEADLINE);

        Http.Response resend = Http.send(HttpRequest.newBuilder(
                        realm.node.baseUrl().resolve("/realms/" + realm.name + "/coffee/auth/verification-email"))
                .header("Content-Type", "application/json")
                .POST(Http.jsonBody(Map.of("email", staffEmail))));
        assertThat(resend.status()).isEqualTo(202);
        // The 202 comes after the request's commit: had resend added the action, the row would be there now.
        assertThat(realm.count(
                        "SELECT count(*) FROM user_required_action WHERE user_id = ? AND required_action = 'VERIFY_EMAIL'",
                        staff))
                .as("resend adds no VERIFY_EMAIL to an account without it")
                .isZero();
        realm.forgetCache();
        JsonNode preview = realm.runOk(true);
        JsonNode report = realm.runOk(false);

        assertThat(preview.path("users").toString()).doesNotContain(staff);
        assertThat(realm.exists(staff)).as(report.toString()).isTrue();
        assertThat(report.path("users").toString()).doesNotContain(staff);
        assertThat(realm.exists(customer))
                .as("the sign-up API marks its accounts")
                .isFalse();
        assertThat(report.path("deleted").asLong()).isEqualTo(1);
        assertThat(realm.count(
                        "SELECT count(*) FROM user_attribute WHERE name = 'coffee.cleanup.signedUpAt' AND user_id = ?",
                        staff))
                .isZero();
    }

    @Test
    void theSwitchOnIsStampedWhenTheRealmIsCreatedOrSwitchedOnNotByTheFirstRun(CoffeeStack stack) {
        Instant before = Instant.now().minusSeconds(1);
        CleanupRealm createdOn = CleanupRealm.onStack(stack, 60, 0, Map.of("coffee.cleanup.enabled", "true"));
        CleanupRealm createdOff = CleanupRealm.onStack(stack, 60, 0, Map.of("coffee.cleanup.enabled", "false"));

        assertThat(enabledSince(createdOn)).isBetween(before, Instant.now());
        assertThat(realmAttribute(createdOff.admin, "coffee.cleanup.enabledSince"))
                .isEmpty();

        Instant switching = Instant.now().minusSeconds(1);
        createdOff.attributes(Map.of("coffee.cleanup.enabled", "true"));
        assertThat(enabledSince(createdOff)).isBetween(switching, Instant.now());
        JsonNode status = status(createdOff);
        assertThat(status.path("history").size())
                .as("no run so far: %s", status)
                .isZero();

        createdOff.attributes(Map.of("coffee.cleanup.enabled", "false"));
        assertThat(realmAttribute(createdOff.admin, "coffee.cleanup.enabledSince"))
                .as("switching off forgets it: switching on again is not retroactive")
                .isEmpty();
        // The realm imported at start with the cleanup on.
        assertThat(realmAttribute(
                        new KeycloakAdmin(stack.keycloak(), CoffeeStack.REALM), "coffee.cleanup.enabledSince"))
                .isNotEmpty();
    }

    @Test
    void theDeadlineShownAtSignUpIsTheMomentOfTheDeletion(CoffeeStack stack) {
        CleanupRealm realm = CleanupRealm.onStack(stack, 1, 0, Map.of("coffee.cleanup.enabled", "true"));
        Instant before = Instant.now();
        JsonNode signedUp = realm.signUp(CleanupRealm.email("one-minute"));
        Instant after = Instant.now();
        String user = signedUp.path("id").asText();
        Instant shown =
                OffsetDateTime.parse(signedUp.path("deletionDueAt").asText()).toInstant();
        assertThat(shown)
                .isBetween(
                        before.plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS),
                        after.plus(Duration.ofMinutes(1)).plusSeconds(1));

        JsonNode early = realm.runOk(false);
        assertThat(early.path("deleted").asLong()).as(early.toString()).isZero();
        assertThat(realm.exists(user)).isTrue();
        assertThat(Instant.parse(early.path("finishedAt").asText())).isBefore(shown);

        JsonNode deleting = Await.until(
                () -> realm.runOk(false),
                run -> run.path("deleted").asLong() == 1,
                Duration.ofSeconds(2),
                Duration.ofMinutes(3));

        Instant deletedAt = Instant.parse(deleting.path("startedAt").asText());
        assertThat(realm.exists(user)).isFalse();
        assertThat(deletedAt).isAfterOrEqualTo(shown.truncatedTo(ChronoUnit.SECONDS));
        assertThat(deletedAt)
                .as("within one interval (here: of the test's runs)")
                .isBefore(shown.plusSeconds(10));
    }

    @Test
    void anOverdueUserWhoWasNeverWarnedIsRemindedFirstAndGivenTheGrace(CoffeeStack stack) {
        CleanupRealm realm = CleanupRealm.onStack(stack, 60, 30);
        String email = CleanupRealm.email("overdue");
        String user = realm.signedUpUser(email);
        realm.age(user, PAST_DEADLINE); // the cleanup was down: the reminder window passed unseen
        realm.forgetCache();

        Instant running = Instant.now();
        JsonNode first = realm.runOk(false);

        assertThat(first.path("deleted").asLong()).as(first.toString()).isZero();
        assertThat(first.path("reminded").asLong()).isEqualTo(1);
        assertThat(realm.exists(user)).isTrue();
        Instant promised = OffsetDateTime.parse(
                        first.path("users").get(0).path("deletionDueAt").asText())
                .toInstant();
        assertThat(promised).isCloseTo(running.plus(Duration.ofMinutes(30)), within(1, ChronoUnit.MINUTES));
        Instant shown = OffsetDateTime.parse(
                        realm.apiUser(user).path("deletionDueAt").asText())
                .toInstant();
        assertThat(shown).isCloseTo(promised, within(2, ChronoUnit.SECONDS));
        MimeMessage reminder = stack.mailbox().awaitMessage(email, "Verify your e-mail", Duration.ofSeconds(60));
        assertThat(Mailbox.text(reminder))
                .contains(first.path("users").get(0).path("deletionDueAt").asText());

        JsonNode second = realm.runOk(false);
        assertThat(second.path("deleted").asLong()).as("not before the grace").isZero();
        assertThat(realm.exists(user)).isTrue();

        realm.remindedAgo(user, Duration.ofMinutes(31));
        realm.forgetCache();
        JsonNode third = realm.runOk(false);
        assertThat(third.path("deleted").asLong()).as(third.toString()).isEqualTo(1);
        assertThat(realm.exists(user)).isFalse();
    }

    @Test
    void aUserCanNeitherSeeNorMoveItsOwnSignUpMark(CoffeeStack stack) {
        CleanupRealm realm = CleanupRealm.onStack(stack, 60, 0);
        String email = CleanupRealm.email("self");
        String user = realm.signedUpUser(email, Map.of("requiredActions", java.util.List.of()));
        // Logging in unverified needs a realm that does not require verification.
        assertThat(realm.admin.send("PUT", "", Map.of("verifyEmail", false)).status())
                .isEqualTo(204);
        realm.forgetCache();
        String token = uz.coffeeshop.it.support.Tokens.login(realm.node, realm.name, email, "a long enough password")
                .accessToken();
        java.net.URI account = realm.node.baseUrl().resolve("/realms/" + realm.name + "/account/");

        JsonNode seen = Http.send(HttpRequest.newBuilder(account)
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "application/json")
                        .GET())
                .json();
        Http.Response moved = Http.send(HttpRequest.newBuilder(account)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(Http.jsonBody(Map.of(
                        "email",
                        email,
                        "firstName",
                        "Renamed",
                        "lastName",
                        "User",
                        "attributes",
                        Map.of("coffee.cleanup.signedUpAt", java.util.List.of("99999999999999"))))));

        assertThat(seen.toString()).doesNotContain("coffee.cleanup");
        // The update itself goes through (Keycloak drops attributes its user profile does not declare), so the mark
        // stayed because the update could not touch it, not because nothing was saved.
        assertThat(moved.status()).as(moved.toString()).isEqualTo(204);
        assertThat(realm.admin.user(user).path("firstName").asText()).isEqualTo("Renamed");
        assertThat(markUnchanged(realm, user)).isTrue();
    }

    private static boolean markUnchanged(CleanupRealm realm, String user) {
        try (java.sql.Connection connection = realm.database.connect();
                java.sql.PreparedStatement statement = connection.prepareStatement(
                        "SELECT a.value, CAST(u.created_timestamp AS VARCHAR(20)) FROM user_attribute a JOIN"
                                + " user_entity u ON u.id = a.user_id WHERE a.name = 'coffee.cleanup.signedUpAt'"
                                + " AND a.user_id = ?")) {
            statement.setString(1, user);
            try (java.sql.ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getString(1).equals(rows.getString(2)) && !rows.next();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode status(CleanupRealm realm) {
        return Http.get(realm.cleanupUrl(""), realm.operatorToken()).json();
    }

    private static Instant enabledSince(CleanupRealm realm) {
        String since = status(realm).path("policy").path("enabledSince").asText();
        assertThat(since).as("the switch-on stamp").isNotBlank();
        return OffsetDateTime.parse(since).toInstant();
    }

    private static String realmAttribute(KeycloakAdmin admin, String name) {
        return admin.send("GET", "", null).json().path("attributes").path(name).asText("");
    }
}
