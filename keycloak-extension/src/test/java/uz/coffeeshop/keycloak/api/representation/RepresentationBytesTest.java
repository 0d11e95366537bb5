package uz.coffeeshop.keycloak.api.representation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.keycloak.api.representation.CleanupState.IgnoredSetting;
import uz.coffeeshop.keycloak.api.representation.CleanupState.Policy;
import uz.coffeeshop.keycloak.api.representation.CleanupState.ServerDefaults;

/**
 * The records write the bytes the maps they replaced wrote: same names, same order, nulls written or left out as
 * before. Each case builds the body both ways and compares the text, with the mappers that write them: a plain one
 * ({@link JsonText}), Keycloak's JAX-RS provider and the mapper of admin events' representations (Keycloak's
 * {@code JsonSerialization}), both of which leave nulls out.
 */
class RepresentationBytesTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();
    /** Keycloak's JAX-RS provider ({@code ObjectMapperResolver}): nulls left out, a record's and a map's alike. */
    private static final ObjectMapper JAX_RS =
            new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private static final ObjectMapper ADMIN_EVENTS =
            new ObjectMapper().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    @Nested
    class Users {

        @Test
        void verifiedUserWritesNullNamesAndLeavesOutPendingEmailAndDeadline() throws Exception {
            UserJson user = new UserJson(
                    "u-1",
                    "a@shop.example",
                    null,
                    "Karimova",
                    true,
                    List.of("user"),
                    "2026-01-02T10:00:00+05:00",
                    null,
                    null);

            assertThat(JsonText.of(user))
                    .isEqualTo(PLAIN.writeValueAsString(userMap(user)))
                    .isEqualTo(
                            "{\"id\":\"u-1\",\"email\":\"a@shop.example\",\"firstName\":null,\"lastName\":\"Karimova\","
                                    + "\"emailVerified\":true,\"roles\":[\"user\"],\"createdAt\":\"2026-01-02T10:00:00+05:00\"}");
        }

        @Test
        void unverifiedUserWritesPendingEmailThenDeadline() throws Exception {
            UserJson user = new UserJson(
                    "u-2",
                    "b@shop.example",
                    "Bek",
                    null,
                    false,
                    List.of(),
                    null,
                    "c@shop.example",
                    "2026-01-04T10:00:00+05:00");

            assertThat(JsonText.of(user)).isEqualTo(PLAIN.writeValueAsString(userMap(user)));
            assertThat(ADMIN_EVENTS.writeValueAsString(user)).isEqualTo(ADMIN_EVENTS.writeValueAsString(userMap(user)));
        }

        @Test
        void pageWritesUsersThenTotalFirstMax() throws Exception {
            UserJson user =
                    new UserJson("u-1", "a@shop.example", "A", "B", true, List.of("user", "admin"), null, null, null);
            Map<String, Object> old = new LinkedHashMap<>();
            old.put("users", List.of(userMap(user)));
            old.put("total", 41L);
            old.put("first", 20);
            old.put("max", 20);

            assertThat(JsonText.of(new UserPage(List.of(user), 41, 20, 20))).isEqualTo(PLAIN.writeValueAsString(old));
        }

        @Test
        void acceptedWritesStatusThenMessage() {
            assertThat(JsonText.of(Accepted.because("On its way.")))
                    .isEqualTo("{\"status\":\"accepted\",\"message\":\"On its way.\"}");
        }

        private static Map<String, Object> userMap(UserJson user) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", user.id());
            json.put("email", user.email());
            json.put("firstName", user.firstName());
            json.put("lastName", user.lastName());
            json.put("emailVerified", user.emailVerified());
            json.put("roles", user.roles());
            json.put("createdAt", user.createdAt());
            if (user.pendingEmail() != null) {
                json.put("pendingEmail", user.pendingEmail());
            }
            if (user.deletionDueAt() != null) {
                json.put("deletionDueAt", user.deletionDueAt());
            }
            return json;
        }
    }

    @Nested
    class Cleanup {

        @Test
        void stateBeforeTheFirstRunLeavesOutItsNulls() throws Exception {
            CleanupState state = new CleanupState(
                    new Policy(false, 2880, 1440, null, 300, 100, 20, true),
                    new CleanupSettings(false, null, 60L, true),
                    List.of(new IgnoredSetting(
                            "lifetimeMinutes", "coffee.cleanup.lifetimeMinutes", "0", "Must be at least 1.")),
                    new ServerDefaults(2880, 1440, false),
                    null,
                    List.of());

            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("enabled", false);
            policy.put("lifetimeMinutes", 2880L);
            policy.put("reminderLeadMinutes", 1440L);
            policy.put("enabledSince", null);
            policy.put("intervalSeconds", 300L);
            policy.put("batchSize", 100);
            policy.put("runSeconds", 20L);
            policy.put("dryRun", true);
            Map<String, Object> ignored = new LinkedHashMap<>();
            ignored.put("field", "lifetimeMinutes");
            ignored.put("attribute", "coffee.cleanup.lifetimeMinutes");
            ignored.put("value", "0");
            ignored.put("message", "Must be at least 1.");
            Map<String, Object> defaults = new LinkedHashMap<>();
            defaults.put("lifetimeMinutes", 2880L);
            defaults.put("reminderLeadMinutes", 1440L);
            defaults.put("dryRun", false);
            Map<String, Object> old = new LinkedHashMap<>();
            old.put("policy", policy);
            old.put("settings", settingsMap(state.settings()));
            old.put("ignored", List.of(ignored));
            old.put("serverDefaults", defaults);
            old.put("lastReport", null);
            old.put("history", List.of());

            assertThat(JAX_RS.writeValueAsString(state))
                    .isEqualTo(JAX_RS.writeValueAsString(old))
                    .doesNotContain("enabledSince", "lifetimeMinutes\":null", "lastReport");
        }

        @Test
        void settingsInTheAdminEventLeaveOutTheServersOptions() throws Exception {
            CleanupSettings settings = new CleanupSettings(true, null, null, false);

            assertThat(ADMIN_EVENTS.writeValueAsString(settings))
                    .isEqualTo(ADMIN_EVENTS.writeValueAsString(settingsMap(settings)))
                    .isEqualTo("{\"enabled\":true,\"dryRun\":false}");
        }

        private static Map<String, Object> settingsMap(CleanupSettings settings) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("enabled", settings.enabled());
            body.put("lifetimeMinutes", settings.lifetimeMinutes());
            body.put("reminderLeadMinutes", settings.reminderLeadMinutes());
            body.put("dryRun", settings.dryRun());
            return body;
        }
    }

    @Nested
    class Mail {

        @Test
        void retryAnswerAndEventWriteTheirOneOrTwoFields() throws Exception {
            assertThat(PLAIN.writeValueAsString(new QueuedMail("m-1", "PENDING")))
                    .isEqualTo("{\"id\":\"m-1\",\"status\":\"PENDING\"}");
            assertThat(ADMIN_EVENTS.writeValueAsString(new MailRetryEvent("m-1")))
                    .isEqualTo("{\"mail\":\"m-1\"}");
        }

        @Test
        void statusLeavesOutWhatTheOutboxLacks() throws Exception {
            MailStatus status = new MailStatus(
                    1,
                    0,
                    2,
                    0,
                    null,
                    List.of(new MailStatus.DeliveryError(
                            "m-1", "a@shop.example", "RETRYING", 2, null, "421 try later")));

            assertThat(PLAIN.writeValueAsString(status))
                    .isEqualTo("{\"pending\":1,\"retrying\":0,\"dead\":2,\"expired\":0,\"lastErrors\":[{\"id\":\"m-1\","
                            + "\"recipient\":\"a@shop.example\",\"status\":\"RETRYING\",\"attempts\":2,"
                            + "\"error\":\"421 try later\"}]}");
        }

        @Test
        void deadListWrapsTheMailsAsBefore() throws Exception {
            DeadMailList.DeadMail mail = new DeadMailList.DeadMail(
                    "m-1", "a@shop.example", "Verify", 5, "t0", "t1", null, "550 no such user", false);

            assertThat(PLAIN.writeValueAsString(new DeadMailList(List.of(mail))))
                    .isEqualTo(PLAIN.writeValueAsString(Map.of("mails", List.of(mail))));
        }
    }
}
