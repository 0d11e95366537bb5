package uz.coffeeshop.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static uz.coffeeshop.it.api.CoffeeApi.PASSWORD;
import static uz.coffeeshop.it.api.CoffeeApi.assertFieldError;
import static uz.coffeeshop.it.api.CoffeeApi.assertProblem;
import static uz.coffeeshop.it.api.CoffeeApi.assertUnauthorized;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.Mailbox;
import uz.coffeeshop.it.support.Tokens;

/** {@code GET/PATCH/DELETE /users/me}: the caller's own profile, and nothing else. */
@CoffeeStackTest
class OwnProfileIT {

    @Nested
    class Get {

        @Test
        void getMeAnswersTheCallersOwnProfile(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            CoffeeApi.Account me = api.account("me-get", false);

            Http.Response response = api.get("/users/me", me.token());

            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonNode user = response.json();
            assertThat(user.path("id").asText()).isEqualTo(me.id());
            assertThat(user.path("email").asText()).isEqualTo(me.email());
            assertThat(user.path("emailVerified").asBoolean()).isTrue();
            assertThat(user.path("roles").toString()).isEqualTo("[\"user\"]");
            assertThat(user.has("deletionDueAt")).isFalse();
            assertThat(user.path("createdAt").asText()).endsWith("+05:00");
        }

        @Test
        void getMeWithoutATokenIs401WithABearerChallenge(CoffeeStack stack) {
            Http.Response response = new CoffeeApi(stack).get("/users/me", null);

            assertProblem(response, 401);
            assertThat(response.header("WWW-Authenticate").orElse("")).startsWith("Bearer");
        }

        @Test
        void getMeOfAUserWhoseEmailIsNoLongerVerifiedIs403(CoffeeStack stack) {
            // Keycloak's password grant refuses unverified accounts outright; a session that outlives the
            // verified state (an admin cleared it) is what reaches the API, and the live state decides.
            CoffeeApi api = new CoffeeApi(stack);
            CoffeeApi.Account me = api.account("me-unverified", false);
            api.admin().send("PUT", "/users/" + me.id(), Map.of("emailVerified", false));

            Http.Response response = api.get("/users/me", me.token());

            assertProblem(response, 403);
            assertThat(response.json().path("type").asText()).endsWith("email-not-verified");
        }
    }

    @Nested
    class Patch {

        @Test
        void patchMeChangesTheNames(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            CoffeeApi.Account me = api.account("me-names", false);

            Http.Response response =
                    api.send("PATCH", "/users/me", me.token(), Map.of("firstName", "Dilshod", "lastName", "Rahimov"));

            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.json().path("firstName").asText()).isEqualTo("Dilshod");
            JsonNode stored = api.admin().user(me.id());
            assertThat(stored.path("firstName").asText()).isEqualTo("Dilshod");
            assertThat(stored.path("lastName").asText()).isEqualTo("Rahimov");
        }

        @Test
        void patchMeCannotGrantRolesOrFlagsAndNamesEachField(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            CoffeeApi.Account me = api.account("me-mass", false);

            for (String field :
                    List.of("roles", "permissions", "emailVerified", "id", "createdAt", "enabled", "isAdmin")) {
                Object value = field.equals("roles") ? List.of("admin") : field.equals("id") ? "x" : true;
                Http.Response response = api.send("PATCH", "/users/me", me.token(), Map.of(field, value));
                assertFieldError(response, 400, field);
            }
            assertThat(api.admin()
                            .send("GET", "/users/" + me.id() + "/role-mappings/realm/composite", null)
                            .text())
                    .doesNotContain("\"admin\"");
        }

        @Test
        void patchMeWithWrongTypesOrTooLongNamesIs400NamingTheField(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            CoffeeApi.Account me = api.account("me-types", false);

            assertFieldError(api.send("PATCH", "/users/me", me.token(), Map.of("firstName", 5)), 400, "firstName");
            assertFieldError(
                    api.send("PATCH", "/users/me", me.token(), Map.of("lastName", "x".repeat(101))), 400, "lastName");
            boolean was = api.setUpdateEmailAction(true);
            try {
                assertFieldError(api.send("PATCH", "/users/me", me.token(), Map.of("email", "nope")), 400, "email");
            } finally {
                api.setUpdateEmailAction(was);
            }
            assertProblem(api.sendRaw("PATCH", "/users/me", me.token(), "application/json", "{"), 400);
        }

        @Test
        void aNewEmailTakesEffectOnlyWhenItsLinkIsOpened(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            CoffeeApi.Account me = api.account("me-old", false);
            String newEmail = CoffeeApi.uniqueEmail("me-new");
            boolean was = api.setUpdateEmailAction(true);
            try {
                Http.Response response = api.send("PATCH", "/users/me", me.token(), Map.of("email", newEmail));

                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                assertThat(response.json().path("email").asText()).isEqualTo(me.email());
                assertThat(response.json().path("emailVerified").asBoolean()).isTrue();
                assertThat(response.json().path("pendingEmail").asText()).isEqualTo(newEmail);
                JsonNode before = api.admin().user(me.id());
                assertThat(before.path("email").asText()).isEqualTo(me.email());
                assertThat(before.path("emailVerified").asBoolean()).isTrue();

                String link = Mailbox.link(
                        stack.mailbox().awaitMessage(newEmail, "", Duration.ofSeconds(60)), "action-token");
                String pages = CoffeeApi.openInBrowser(link);

                JsonNode after = api.admin().user(me.id());
                assertThat(after.path("email").asText()).as(pages).isEqualTo(newEmail);
                assertThat(after.path("emailVerified").asBoolean()).isTrue();
                Tokens.login(stack.keycloak(), CoffeeStack.REALM, newEmail, PASSWORD);
            } finally {
                api.setUpdateEmailAction(was);
            }
        }

        @Test
        void aNewEmailThatIsTakenIs409(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            CoffeeApi.Account me = api.account("me-wants", false);
            CoffeeApi.Account other = api.account("me-owner", false);
            boolean was = api.setUpdateEmailAction(true);
            try {
                assertFieldError(
                        api.send(
                                "PATCH",
                                "/users/me",
                                me.token(),
                                Map.of("email", other.email().toUpperCase())),
                        409,
                        "email");
            } finally {
                api.setUpdateEmailAction(was);
            }
            assertThat(api.admin().user(me.id()).path("attributes").toString()).doesNotContain(other.email());
        }

        @Test
        void aNewEmailIsRefusedWhileTheRealmsUpdateEmailActionIsOff(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            CoffeeApi.Account me = api.account("me-off", false);
            boolean was = api.setUpdateEmailAction(false);
            try {
                Http.Response response = api.send(
                        "PATCH", "/users/me", me.token(), Map.of("email", CoffeeApi.uniqueEmail("me-off-new")));

                assertFieldError(response, 409, "email");
                assertThat(response.json().path("type").asText()).endsWith("email-change-unavailable");
            } finally {
                api.setUpdateEmailAction(was);
            }
        }
    }

    @Nested
    class Delete {

        @Test
        void deleteMeRemovesTheAccountAndItsTokenStopsWorking(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            CoffeeApi.Account me = api.account("me-delete", false);

            Http.Response response = api.delete("/users/me", me.token());

            assertThat(response.status()).as(response.toString()).isEqualTo(204);
            assertThat(api.admin().send("GET", "/users/" + me.id(), null).status())
                    .isEqualTo(404);
            assertUnauthorized(api.get("/users/me", me.token()));
        }
    }
}
