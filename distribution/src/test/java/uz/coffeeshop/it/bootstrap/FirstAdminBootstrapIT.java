package uz.coffeeshop.it.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.TestDatabase;
import uz.coffeeshop.it.support.Tokens;

/**
 * The coffee-shop realm's first admin comes from COFFEE_ADMIN_EMAIL and COFFEE_ADMIN_PASSWORD, on a Keycloak
 * of its own (fresh database): created verified with the role admin, and left alone by a restart.
 */
@CoffeeStackTest
class FirstAdminBootstrapIT {

    private static final String EMAIL = "Owner@Coffee-Shop.test";
    private static final String PASSWORD = "espresso macchiato 42";

    @Test
    void firstAdminIsCreatedOnceFromTheEnvironmentVerifiedAndAdmin(CoffeeStack stack) throws IOException {
        Map<String, String> env = new HashMap<>(CoffeeStack.realmEnvironment(stack.mailbox()));
        env.put("COFFEE_ADMIN_EMAIL", EMAIL);
        env.put("COFFEE_ADMIN_PASSWORD", PASSWORD);
        try (TestDatabase database = TestDatabase.create();
                KeycloakNode node = KeycloakNode.start(
                        stack.distribution(), database, stack.workDir(), "keycloak-bootstrap", Map.of(), env)) {
            assertFirstAdmin(node);

            node.restart(stack.workDir());

            assertFirstAdmin(node);
            JsonNode users = new KeycloakAdmin(node, CoffeeStack.REALM)
                    .send("GET", "/users?exact=true&email=" + EMAIL.toLowerCase(), null)
                    .json();
            assertThat(users).as("one admin after a restart").hasSize(1);
        }
    }

    @Test
    void withoutTheVariablesNoAdminIsCreated(CoffeeStack stack) throws IOException {
        // The suite's own node runs without COFFEE_ADMIN_*: no account appears from nowhere, none with a
        // default password.
        assertThat(java.nio.file.Files.readString(stack.keycloak().log())).doesNotContain("Created the first admin");
        JsonNode admins = new KeycloakAdmin(stack.keycloak(), CoffeeStack.REALM)
                .send("GET", "/roles/admin/users", null)
                .json();
        assertThat(admins.toString()).doesNotContain(EMAIL.toLowerCase());
    }

    private static void assertFirstAdmin(KeycloakNode node) throws IOException {
        Tokens.TokenSet tokens = Tokens.login(node, CoffeeStack.REALM, EMAIL, PASSWORD);
        JsonNode claims = Http.JSON.readTree(
                Base64.getUrlDecoder().decode(tokens.accessToken().split("\\.")[1]));
        assertThat(claims.path("email").asText()).isEqualTo(EMAIL.toLowerCase());
        assertThat(claims.path("email_verified").asBoolean()).isTrue();
        assertThat(claims.path("realm_access").path("roles").toString()).contains("\"admin\"", "\"user\"");
        assertThat(claims.path("resource_access")
                        .path("coffee-api")
                        .path("roles")
                        .toString())
                .contains("users:read", "roles:assign", "cleanup:run");
    }
}
