package uz.coffeeshop.it.realm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;

/**
 * The realm as code round-trips: what {@code realm-config/coffee-shop-realm.json} says (its placeholders filled
 * from the test's environment or their defaults) is exactly what the running server exports through the admin
 * API's partial export. Keycloak adds its own defaults (ids, built-in clients and scopes, flows), which are not a
 * difference; a setting of ours that the server dropped or changed is.
 */
@CoffeeStackTest
class RealmExportRoundTripIT {

    private static final Path REALM_FILE =
            Path.of(System.getProperty("coffee.project.dir", "..")).resolve("realm-config/coffee-shop-realm.json");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

    /** What the export shows differently on purpose (secrets are masked), path → why. */
    private static final Map<String, String> INTENDED =
            Map.of("smtpServer.password", "Keycloak never exports secrets; it masks them as **********");

    /**
     * Values Keycloak adds to a list of ours on purpose, path → values: it creates every realm's default role
     * with {@code offline_access} and {@code uma_authorization} before the import adds ours to it.
     */
    private static final Map<String, Set<String>> KEYCLOAK_ADDS = Map.of(
            "roles.realm[default-roles-coffee-shop].composites.realm", Set.of("offline_access", "uma_authorization"));

    /** Arrays whose items are objects, matched by this key instead of by position. */
    private static final Map<String, String> KEYS = Map.of(
            "clients", "clientId",
            "realm", "name",
            "coffee-api", "name",
            "protocolMappers", "name",
            "org.keycloak.userprofile.UserProfileProvider", "providerId",
            "attributes", "name",
            "authenticationFlows", "alias",
            "authenticatorConfig", "alias",
            "authenticationExecutions", "authenticator");

    @Test
    void exportOfTheRunningRealmHoldsEverySettingOfTheRealmAsCode(CoffeeStack stack) throws IOException {
        JsonNode expected = Http.JSON.readTree(
                resolve(Files.readString(REALM_FILE), CoffeeStack.realmEnvironment(stack.mailbox())));
        Http.Response export = new KeycloakAdmin(stack.keycloak(), CoffeeStack.REALM)
                .send("POST", "/partial-export?exportClients=true&exportGroupsAndRoles=true", null);
        assertThat(export.status()).as(export.toString()).isEqualTo(200);

        List<String> differences = new ArrayList<>();
        compare("", "", expected, export.json(), differences);

        assertThat(differences)
                .as("settings of realm-config that the running realm does not have")
                .isEmpty();
    }

    @Test
    void userProfileKeepsCleanupExemptForAdminsOnly(CoffeeStack stack) {
        JsonNode profile = new KeycloakAdmin(stack.keycloak(), CoffeeStack.REALM)
                .send("GET", "/users/profile", null)
                .json();
        JsonNode exempt = null;
        for (JsonNode attribute : profile.path("attributes")) {
            if (attribute.path("name").asText().equals("cleanupExempt")) {
                exempt = attribute;
            }
        }
        assertThat(exempt).as("cleanupExempt in the user profile").isNotNull();
        assertThat(exempt.path("permissions").path("edit").toString()).isEqualTo("[\"admin\"]");
        assertThat(exempt.path("permissions").path("view").toString()).isEqualTo("[\"admin\"]");
        assertThat(profile.path("unmanagedAttributePolicy").isMissingNode()
                        || profile.path("unmanagedAttributePolicy").isNull())
                .as("no unmanaged attributes at all")
                .isTrue();
    }

    /** Fills {@code ${NAME:default}} as Keycloak's import does: from the environment, else the default. */
    static String resolve(String text, Map<String, String> environment) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = environment.getOrDefault(matcher.group(1), matcher.group(2));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? matcher.group() : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static void compare(String path, String name, JsonNode expected, JsonNode actual, List<String> differences)
            throws IOException {
        if (INTENDED.containsKey(path)) {
            return;
        }
        if (actual == null || actual.isMissingNode() || actual.isNull()) {
            differences.add(path + ": missing, expected " + expected);
        } else if (expected.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = expected.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                compare(child, field.getKey(), field.getValue(), actual.get(field.getKey()), differences);
            }
        } else if (expected.isArray() && expected.size() > 0 && expected.get(0).isObject()) {
            String key = KEYS.getOrDefault(name, "name");
            Map<String, JsonNode> byKey = new HashMap<>();
            actual.forEach(item -> byKey.put(item.path(key).asText(), item));
            for (JsonNode item : expected) {
                String id = item.path(key).asText();
                compare(path + "[" + id + "]", name, item, byKey.get(id), differences);
            }
        } else if (expected.isArray()) {
            Set<String> want = texts(expected);
            Set<String> have = texts(actual);
            have.removeAll(KEYCLOAK_ADDS.getOrDefault(path, Set.of()));
            if (!want.equals(have)) {
                differences.add(path + ": expected " + want + ", exported " + have);
            }
        } else if (expected.isTextual() && expected.asText().startsWith("{") && actual.isTextual()) {
            // A JSON document inside a string (the user profile): compare what it says, not its spelling.
            compare(
                    path,
                    name,
                    Http.JSON.readTree(expected.asText()),
                    Http.JSON.readTree(actual.asText()),
                    differences);
        } else if (!expected.asText().equals(actual.asText())) {
            differences.add(path + ": expected " + expected.asText() + ", exported " + actual.asText());
        }
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new TreeSet<>();
        array.forEach(item -> texts.add(item.isValueNode() ? item.asText() : item.toString()));
        return texts;
    }
}
