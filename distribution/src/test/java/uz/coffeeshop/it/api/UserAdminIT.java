package uz.coffeeshop.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static uz.coffeeshop.it.api.CoffeeApi.PASSWORD;
import static uz.coffeeshop.it.api.CoffeeApi.assertFieldError;
import static uz.coffeeshop.it.api.CoffeeApi.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.Tokens;

/** The admin endpoints: each behind its permission, 404 for foreign ids, the last admin kept. */
@CoffeeStackTest
class UserAdminIT {

    @Nested
    class Listing {

        @Test
        void anAdminListsUsersWithSearchFiltersAndTotal(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            CoffeeApi.Account admin = api.account("list-admin", true);
            String tag = "lst" + System.nanoTime();
            api.admin().createUser(tag + "-a@example.com", PASSWORD, true);
            api.admin().createUser(tag + "-b@example.com", PASSWORD, false);
            api.admin().createUser(tag + "-c@example.com", PASSWORD, false);

            JsonNode all = api.get("/users?search=" + tag, admin.token()).json();
            assertThat(all.path("total").asInt()).as(all.toString()).isEqualTo(3);
            assertThat(all.path("users").size()).isEqualTo(3);

            JsonNode page = api.get("/users?search=" + tag + "&first=1&max=1", admin.token())
                    .json();
            assertThat(page.path("total").asInt()).isEqualTo(3);
            assertThat(page.path("users").size()).isEqualTo(1);
            assertThat(page.path("first").asInt()).isEqualTo(1);

            JsonNode unverified = api.get("/users?search=" + tag + "&emailVerified=false", admin.token())
                    .json();
            assertThat(unverified.path("total").asInt())
                    .as(unverified.toString())
                    .isEqualTo(2);
            assertThat(unverified.path("users").findValuesAsText("emailVerified"))
                    .containsOnly("false");

            JsonNode admins = api.get("/users?role=admin&search=list-admin", admin.token())
                    .json();
            assertThat(admins.path("users").findValuesAsText("email")).contains(admin.email());
            assertThat(api.get("/users?role=admin&search=" + tag, admin.token())
                            .json()
                            .path("total")
                            .asInt())
                    .isZero();
        }

        @Test
        void maxIsCappedAt100(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            CoffeeApi.Account admin = api.account("list-cap", true);

            JsonNode page = api.get("/users?max=100000", admin.token()).json();

            assertThat(page.path("max").asInt()).isEqualTo(100);
            assertThat(page.path("users").size()).isLessThanOrEqualTo(100);
        }

        @Test
        void badQueryParametersAre400NamingThem(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            String token = api.account("list-bad", true).token();

            assertFieldError(api.get("/users?first=-1", token), 400, "first");
            assertFieldError(api.get("/users?max=abc", token), 400, "max");
            assertFieldError(api.get("/users?max=0", token), 400, "max");
            assertFieldError(api.get("/users?emailVerified=maybe", token), 400, "emailVerified");
            assertFieldError(api.get("/users?role=superuser", token), 400, "role");
        }

        @Test
        void aPlainUserCannotListUsers(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);

            assertProblem(api.get("/users", api.account("list-user", false).token()), 403);
            assertProblem(api.get("/users", null), 401);
        }
    }

    @Nested
    class OneUser {

        @Test
        void anAdminReadsAUserAndAnUnknownOrForeignIdIs404(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            String token = api.account("get-admin", true).token();
            CoffeeApi.Account target = api.account("get-target", false);
            String otherRealm = ShopRealm.create(stack, "foreign");
            try {
                String foreignId = new KeycloakAdmin(stack.keycloak(), otherRealm)
                        .createUser(CoffeeApi.uniqueEmail("foreign"), PASSWORD, true);

                Http.Response response = api.get("/users/" + target.id(), token);
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                assertThat(response.json().path("email").asText()).isEqualTo(target.email());

                assertProblem(api.get("/users/00000000-0000-0000-0000-000000000000", token), 404);
                assertProblem(api.get("/users/" + foreignId, token), 404);
                assertProblem(api.get("/users/" + "x".repeat(300), token), 404);
            } finally {
                ShopRealm.delete(stack, otherRealm);
            }
        }

        @Test
        void aUserCannotReadChangeOrDeleteAnotherUser(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            String attacker = api.account("attacker", false).token();
            CoffeeApi.Account victim = api.account("victim", false);

            assertProblem(api.get("/users/" + victim.id(), attacker), 403);
            assertProblem(api.send("PATCH", "/users/" + victim.id(), attacker, Map.of("firstName", "Pwned")), 403);
            assertProblem(api.delete("/users/" + victim.id(), attacker), 403);
            assertThat(api.admin().user(victim.id()).path("firstName").asText()).isNotEqualTo("Pwned");
        }

        @Test
        void anAdminChangesAUserAndTheChangeIsAnAdminEvent(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            String token = api.account("patch-admin", true).token();
            CoffeeApi.Account target = api.account("patch-target", false);

            Http.Response response = api.send(
                    "PATCH",
                    "/users/" + target.id(),
                    token,
                    Map.of("firstName", "Nodira", "emailVerified", false, "enabled", true));

            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.json().path("firstName").asText()).isEqualTo("Nodira");
            assertThat(response.json().path("emailVerified").asBoolean()).isFalse();
            // An account an admin made (and one that was verified once) is never the cleanup's: no deadline.
            assertThat(response.json().has("deletionDueAt")).isFalse();
            JsonNode events = api.admin()
                    .send("GET", "/admin-events?resourcePath=users/" + target.id() + "&operationTypes=UPDATE", null)
                    .json();
            assertThat(events.size()).as(events.toString()).isGreaterThanOrEqualTo(1);
        }

        @Test
        void anAdminChangesAUsersEmailAtOnceAndATakenOneIs409(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            String token = api.account("email-admin", true).token();
            CoffeeApi.Account target = api.account("email-target", false);
            CoffeeApi.Account other = api.account("email-other", false);
            String newEmail = CoffeeApi.uniqueEmail("email-changed");

            Http.Response changed = api.send("PATCH", "/users/" + target.id(), token, Map.of("email", newEmail));

            assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
            assertThat(changed.json().path("email").asText()).isEqualTo(newEmail);
            assertThat(api.admin().user(target.id()).path("username").asText()).isEqualTo(newEmail);
            assertFieldError(
                    api.send("PATCH", "/users/" + target.id(), token, Map.of("email", other.email())), 409, "email");
        }

        @Test
        void anAdminCannotDisableItself(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            CoffeeApi.Account admin = api.account("self-disable", true);

            Http.Response response = api.send("PATCH", "/users/" + admin.id(), admin.token(), Map.of("enabled", false));

            assertProblem(response, 409);
            assertThat(response.json().path("type").asText()).endsWith("self-lockout");
            assertThat(api.admin().user(admin.id()).path("enabled").asBoolean()).isTrue();
        }

        @Test
        void anAdminPatchWithUnknownFieldsOrBadValuesIs400(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            String token = api.account("patch-bad", true).token();
            String id = api.account("patch-bad-target", false).id();

            assertFieldError(api.send("PATCH", "/users/" + id, token, Map.of("roles", "admin")), 400, "roles");
            assertFieldError(api.send("PATCH", "/users/" + id, token, Map.of("enabled", "yes")), 400, "enabled");
            assertFieldError(api.send("PATCH", "/users/" + id, token, Map.of("email", "bad")), 400, "email");
            assertProblem(api.sendRaw("PATCH", "/users/" + id, token, "application/json", "nope"), 400);
        }

        @Test
        void anAdminDeletesAUser(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            String token = api.account("delete-admin", true).token();
            String id = api.account("delete-target", false).id();

            assertThat(api.delete("/users/" + id, token).status()).isEqualTo(204);
            assertThat(api.admin().send("GET", "/users/" + id, null).status()).isEqualTo(404);
            assertProblem(api.delete("/users/" + id, token), 404);
        }
    }

    @Nested
    class Roles {

        @Test
        void anAdminPromotesAndDemotesAUserAndItsPermissionsFollowAtOnce(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            String adminToken = api.account("role-admin", true).token();
            CoffeeApi.Account target = api.account("role-target", false);

            Http.Response promoted =
                    api.send("PUT", "/users/" + target.id() + "/role", adminToken, Map.of("role", "admin"));
            assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
            assertThat(promoted.json().path("roles").toString()).contains("admin");
            // Permissions are read from the live roles, so the target's existing token now lists users.
            assertThat(api.get("/users", target.token()).status()).isEqualTo(200);

            Http.Response demoted =
                    api.send("PUT", "/users/" + target.id() + "/role", adminToken, Map.of("role", "user"));
            assertThat(demoted.status()).as(demoted.toString()).isEqualTo(200);
            assertThat(demoted.json().path("roles").toString()).isEqualTo("[\"user\"]");
            assertProblem(api.get("/users", target.token()), 403);
        }

        @Test
        void aUserCannotMakeItselfAdmin(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            CoffeeApi.Account me = api.account("self-promote", false);

            assertProblem(api.send("PUT", "/users/" + me.id() + "/role", me.token(), Map.of("role", "admin")), 403);
            assertThat(api.get("/users/me", me.token()).json().path("roles").toString())
                    .isEqualTo("[\"user\"]");
        }

        @Test
        void anUnknownRoleOrBadBodyIs400(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            String token = api.account("role-bad", true).token();
            String id = api.account("role-bad-target", false).id();

            assertFieldError(
                    api.send("PUT", "/users/" + id + "/role", token, Map.of("role", "superuser")), 400, "role");
            assertFieldError(api.send("PUT", "/users/" + id + "/role", token, Map.of()), 400, "role");
            assertFieldError(api.send("PUT", "/users/" + id + "/role", token, Map.of("role", 1)), 400, "role");
            assertProblem(api.send("PUT", "/users/unknown/role", token, Map.of("role", "admin")), 404);
        }
    }

    /** In a realm of its own with exactly one admin, so "the last admin" is certain. */
    @Nested
    class LastAdmin {

        @Test
        void theLastAdminCannotBeDemotedDeletedOrLockItselfOut(CoffeeStack stack) {
            CoffeeApi api = new CoffeeApi(stack);
            String realm = ShopRealm.create(stack, "last-admin");
            try {
                KeycloakAdmin admin = new KeycloakAdmin(stack.keycloak(), realm);
                String onlyAdminEmail = CoffeeApi.uniqueEmail("only-admin");
                String onlyAdmin = admin.createUser(onlyAdminEmail, PASSWORD, true, ShopRealm.NAMES);
                admin.assignRealmRole(onlyAdmin, "admin");
                String helperEmail = CoffeeApi.uniqueEmail("helper");
                String helper = admin.createUser(helperEmail, PASSWORD, true, ShopRealm.NAMES);
                ShopRealm.grantPermission(admin, helper, "roles:assign");
                ShopRealm.grantPermission(admin, helper, "users:delete");
                String adminToken = Tokens.login(stack.keycloak(), realm, onlyAdminEmail, PASSWORD)
                        .accessToken();
                String helperToken = Tokens.login(stack.keycloak(), realm, helperEmail, PASSWORD)
                        .accessToken();
                Api inRealm = new Api(stack, realm);

                assertConflict(
                        inRealm.send("PUT", "/users/" + onlyAdmin + "/role", adminToken, Map.of("role", "user")),
                        "self-lockout");
                assertConflict(inRealm.delete("/users/" + onlyAdmin, adminToken), "self-lockout");
                // A holder of roles:assign and users:delete is no admin: it may act on no admin at all.
                assertInsufficientPrivileges(
                        inRealm.send("PUT", "/users/" + onlyAdmin + "/role", helperToken, Map.of("role", "user")));
                assertInsufficientPrivileges(inRealm.delete("/users/" + onlyAdmin, helperToken));
                assertConflict(inRealm.delete("/users/me", adminToken), "last-admin");
                assertThat(admin.send("GET", "/users/" + onlyAdmin + "/role-mappings/realm", null)
                                .text())
                        .contains("\"admin\"");

                // With a second admin, the first may be demoted (by someone else).
                assertThat(inRealm.send("PUT", "/users/" + helper + "/role", adminToken, Map.of("role", "admin"))
                                .status())
                        .isEqualTo(200);
                Http.Response demoted =
                        inRealm.send("PUT", "/users/" + onlyAdmin + "/role", helperToken, Map.of("role", "user"));
                assertThat(demoted.status()).as(demoted.toString()).isEqualTo(200);
                assertThat(demoted.json().path("roles").toString()).isEqualTo("[\"user\"]");
            } finally {
                ShopRealm.delete(stack, realm);
            }
        }

        @Test
        void twoAdminsDemotingEachOtherAtOnceLeaveAnAdmin(CoffeeStack stack) throws Exception {
            String realm = ShopRealm.create(stack, "admin-race");
            try {
                KeycloakAdmin admin = new KeycloakAdmin(stack.keycloak(), realm);
                String[] ids = new String[2];
                String[] tokens = new String[2];
                for (int i = 0; i < 2; i++) {
                    String email = CoffeeApi.uniqueEmail("racing-admin");
                    ids[i] = admin.createUser(email, PASSWORD, true, ShopRealm.NAMES);
                    admin.assignRealmRole(ids[i], "admin");
                    tokens[i] = Tokens.login(stack.keycloak(), realm, email, PASSWORD)
                            .accessToken();
                }
                Api inRealm = new Api(stack, realm);
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
                try {
                    // Several rounds, so that some really overlap; tokens stay valid, permissions follow the roles.
                    for (int round = 0; round < 5; round++) {
                        admin.assignRealmRole(ids[0], "admin");
                        admin.assignRealmRole(ids[1], "admin");
                        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                        var first = pool.submit(() -> {
                            start.await();
                            return inRealm.send("PUT", "/users/" + ids[1] + "/role", tokens[0], Map.of("role", "user"));
                        });
                        var second = pool.submit(() -> {
                            start.await();
                            return inRealm.send("PUT", "/users/" + ids[0] + "/role", tokens[1], Map.of("role", "user"));
                        });
                        start.countDown();
                        int ok = 0;
                        for (Http.Response response : java.util.List.of(first.get(), second.get())) {
                            if (response.status() == 200) {
                                ok++;
                            } else {
                                // 409 when both ran at once (the lock, or the other is now the last admin); 403
                                // when the other demotion committed first and took this caller's permission.
                                assertThat(response.status())
                                        .as(response.toString())
                                        .isIn(403, 409);
                                assertThat(response.contentType()).startsWith("application/problem+json");
                            }
                        }
                        assertThat(ok).isLessThanOrEqualTo(1);
                        int admins = admin.send("GET", "/roles/admin/users", null)
                                .json()
                                .size();
                        assertThat(admins).as("round " + round).isGreaterThanOrEqualTo(1);
                    }
                } finally {
                    pool.shutdownNow();
                }
            } finally {
                ShopRealm.delete(stack, realm);
            }
        }

        private void assertConflict(Http.Response response, String kind) {
            assertProblem(response, 409);
            assertThat(response.json().path("type").asText()).endsWith(kind);
        }

        private void assertInsufficientPrivileges(Http.Response response) {
            assertProblem(response, 403);
            assertThat(response.json().path("type").asText()).endsWith("insufficient-privileges");
        }
    }

    /** The same calls in another realm. */
    record Api(CoffeeStack stack, String realm) {
        Http.Response send(String method, String path, String token, Object body) {
            return Http.send(java.net.http.HttpRequest.newBuilder(url(path))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .method(method, Http.jsonBody(body)));
        }

        Http.Response delete(String path, String token) {
            return Http.send(java.net.http.HttpRequest.newBuilder(url(path))
                    .header("Authorization", "Bearer " + token)
                    .DELETE());
        }

        private java.net.URI url(String path) {
            return stack.keycloak().baseUrl().resolve("/realms/" + realm + "/coffee" + path);
        }
    }
}
