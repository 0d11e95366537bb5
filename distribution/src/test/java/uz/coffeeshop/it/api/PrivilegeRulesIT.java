package uz.coffeeshop.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static uz.coffeeshop.it.api.CoffeeApi.PASSWORD;
import static uz.coffeeshop.it.api.CoffeeApi.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.Mailbox;
import uz.coffeeshop.it.support.Tokens;

/**
 * Permissions handed out one by one (client roles of {@code coffee-api}) lead to nothing more, straight to the
 * extension: a holder of one permission acts only on users who hold no more than it does, so never on an admin, and
 * grants no role whose permissions it lacks.
 */
@CoffeeStackTest
class PrivilegeRulesIT {

    private static final Duration MAIL = Duration.ofSeconds(60);

    @Test
    void aHolderOfUsersWriteCannotTakeOverAnAdminByItsEmailNorDisableIt(CoffeeStack stack) {
        CoffeeApi api = new CoffeeApi(stack);
        CoffeeApi.Account admin = api.account("victim-admin", true);
        CoffeeApi.Account writer = holderOf(api, stack, "users:write");
        String mine = CoffeeApi.uniqueEmail("attacker-owned");

        Http.Response takeover = api.send("PATCH", "/users/" + admin.id(), writer.token(), Map.of("email", mine));
        Http.Response disable = api.send("PATCH", "/users/" + admin.id(), writer.token(), Map.of("enabled", false));

        assertInsufficientPrivileges(takeover);
        assertInsufficientPrivileges(disable);
        JsonNode unchanged = api.admin().user(admin.id());
        assertThat(unchanged.path("email").asText()).isEqualTo(admin.email());
        assertThat(unchanged.path("enabled").asBoolean()).isTrue();
    }

    @Test
    void aHolderOfUsersDeleteCannotDeleteAnAdmin(CoffeeStack stack) {
        CoffeeApi api = new CoffeeApi(stack);
        CoffeeApi.Account admin = api.account("admin-to-keep", true);
        CoffeeApi.Account deleter = holderOf(api, stack, "users:delete");

        assertInsufficientPrivileges(api.delete("/users/" + admin.id(), deleter.token()));
        assertThat(api.admin().send("GET", "/users/" + admin.id(), null).status())
                .isEqualTo(200);
    }

    @Test
    void aHolderOfRolesAssignCannotMakeItselfOrAnyoneAdmin(CoffeeStack stack) {
        CoffeeApi api = new CoffeeApi(stack);
        CoffeeApi.Account assigner = holderOf(api, stack, "roles:assign");
        CoffeeApi.Account plain = api.account("plain", false);

        assertInsufficientPrivileges(
                api.send("PUT", "/users/" + assigner.id() + "/role", assigner.token(), Map.of("role", "admin")));
        assertInsufficientPrivileges(
                api.send("PUT", "/users/" + plain.id() + "/role", assigner.token(), Map.of("role", "admin")));
        assertThat(realmRoles(api, assigner.id())).doesNotContain("admin");
        assertThat(realmRoles(api, plain.id())).doesNotContain("admin");
    }

    @Test
    void aHolderOfOnePermissionCannotActOnAHolderOfMore(CoffeeStack stack) {
        CoffeeApi api = new CoffeeApi(stack);
        CoffeeApi.Account writer = holderOf(api, stack, "users:write");
        CoffeeApi.Account stronger = holderOf(api, stack, "users:write", "users:delete");

        assertInsufficientPrivileges(
                api.send("PATCH", "/users/" + stronger.id(), writer.token(), Map.of("firstName", "Mallory")));
    }

    @Test
    void aHolderOfUsersWriteStillChangesAUserWhoHoldsNoMore(CoffeeStack stack) {
        CoffeeApi api = new CoffeeApi(stack);
        CoffeeApi.Account writer = holderOf(api, stack, "users:write");
        CoffeeApi.Account customer = api.account("customer", false);

        Http.Response renamed =
                api.send("PATCH", "/users/" + customer.id(), writer.token(), Map.of("firstName", "Grace"));

        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.json().path("firstName").asText()).isEqualTo("Grace");
    }

    @Test
    void anAdminsEmailChangeOfAVerifiedAccountTellsTheOldAddress(CoffeeStack stack) {
        CoffeeApi api = new CoffeeApi(stack);
        CoffeeApi.Account admin = api.account("notifying-admin", true);
        CoffeeApi.Account customer = api.account("moved-customer", false);
        String newEmail = CoffeeApi.uniqueEmail("moved-to");

        Http.Response changed = api.send("PATCH", "/users/" + customer.id(), admin.token(), Map.of("email", newEmail));

        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        MimeMessage notice = stack.mailbox().awaitMessage(customer.email(), "is changing", MAIL);
        assertThat(Mailbox.text(notice))
                .contains("An administrator")
                .contains(customer.email())
                .contains(newEmail);
    }

    /** A verified user holding exactly {@code permissions} (client roles of coffee-api), logged in. */
    private static CoffeeApi.Account holderOf(CoffeeApi api, CoffeeStack stack, String... permissions) {
        String email =
                CoffeeApi.uniqueEmail("holder-" + String.join("-", permissions).replace(':', '-'));
        String id = api.admin().createUser(email, PASSWORD, true);
        String client = api.admin()
                .send("GET", "/clients?clientId=coffee-api", null)
                .json()
                .path(0)
                .path("id")
                .asText();
        List<Object> roles = java.util.Arrays.stream(permissions)
                .map(permission -> (Object) Http.JSON.convertValue(
                        api.admin()
                                .send("GET", "/clients/" + client + "/roles/" + permission, null)
                                .json(),
                        Map.class))
                .toList();
        Http.Response granted = api.admin().send("POST", "/users/" + id + "/role-mappings/clients/" + client, roles);
        assertThat(granted.status()).as(granted.toString()).isEqualTo(204);
        return new CoffeeApi.Account(id, email, Tokens.login(stack.keycloak(), CoffeeStack.REALM, email, PASSWORD));
    }

    private static List<String> realmRoles(CoffeeApi api, String userId) {
        return api.admin()
                .send("GET", "/users/" + userId + "/role-mappings/realm/composite", null)
                .json()
                .findValuesAsText("name");
    }

    private static void assertInsufficientPrivileges(Http.Response response) {
        assertProblem(response, 403);
        assertThat(response.json().path("type").asText()).isEqualTo("urn:coffee-shop:problem:insufficient-privileges");
    }
}
