package uz.coffeeshop.it.realm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.Tokens;

/**
 * Password guessing has one door in the coffee-shop realm: the password grant of {@code coffee-cli}. Every other
 * client, Keycloak's own {@code admin-cli} (which Keycloak creates in every realm with the grant on) included,
 * refuses it; with {@code COFFEE_CLI_PASSWORD_GRANT=false} none takes a password.
 */
@CoffeeStackTest
class PasswordGrantIT {

    private static final Path REALM_FILE =
            Path.of(System.getProperty("coffee.project.dir", "..")).resolve("realm-config/coffee-shop-realm.json");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");
    private static final String PASSWORD = "a long enough password";

    @Test
    void onlyCoffeeCliTakesAPassword(CoffeeStack stack) {
        KeycloakAdmin admin = new KeycloakAdmin(stack.keycloak(), CoffeeStack.REALM);
        String email = "grant-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        admin.createUser(email, PASSWORD, true);

        List<String> accepting = clientsAcceptingThePassword(stack, CoffeeStack.REALM, email);

        assertThat(accepting).containsExactly(Tokens.CLI_CLIENT);
    }

    @Test
    void withTheCliSwitchOffNoClientTakesAPassword(CoffeeStack stack) throws Exception {
        String name = "no-password-grant-" + UUID.randomUUID().toString().substring(0, 8);
        String realm = resolved(Files.readString(REALM_FILE, StandardCharsets.UTF_8), "false")
                .replace("\"realm\": \"coffee-shop\"", "\"realm\": \"" + name + "\"");
        Http.Response created =
                Http.send(HttpRequest.newBuilder(stack.keycloak().baseUrl().resolve("/admin/realms"))
                        .header("Authorization", "Bearer " + new KeycloakAdmin(stack.keycloak(), "master").token())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(realm)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        KeycloakAdmin admin = new KeycloakAdmin(stack.keycloak(), name);
        try {
            String email = "switched-off@example.com";
            admin.createUser(email, PASSWORD, true);

            assertThat(clientsAcceptingThePassword(stack, name, email)).isEmpty();
        } finally {
            admin.send("DELETE", "", null);
        }
    }

    /** Tries the password grant of the user on every client of the realm; returns those that answered 200. */
    private static List<String> clientsAcceptingThePassword(CoffeeStack stack, String realm, String email) {
        JsonNode clients = new KeycloakAdmin(stack.keycloak(), realm)
                .send("GET", "/clients", null)
                .json();
        List<String> ids = clients.findValuesAsText("clientId");
        assertThat(ids).contains("admin-cli", Tokens.CLI_CLIENT, "coffee-web");
        List<String> accepting = new ArrayList<>();
        for (String clientId : ids) {
            Http.Response login = Tokens.passwordGrant(stack.keycloak(), realm, clientId, email, PASSWORD);
            if (login.status() == 200) {
                accepting.add(clientId);
            } else {
                assertThat(login.status()).as("%s: %s", clientId, login).isIn(400, 401);
            }
        }
        return accepting;
    }

    /** The realm file with its placeholders as the import fills them: defaults, and the CLI's grant as given. */
    private static String resolved(String json, String cliPasswordGrant) {
        Matcher matcher = PLACEHOLDER.matcher(json);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = "COFFEE_CLI_PASSWORD_GRANT".equals(matcher.group(1))
                    ? cliPasswordGrant
                    : matcher.group(2) == null ? "" : matcher.group(2);
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
