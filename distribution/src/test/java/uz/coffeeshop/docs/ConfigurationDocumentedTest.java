package uz.coffeeshop.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/configuration.md} true: every environment variable that the project's files read
 * (docker-compose, the realm import, the gateway, barista) is documented there, and docker-compose parses
 * and builds what exists (the compose stack itself runs in {@code ComposeStackIT} where a Docker engine answers).
 */
class ConfigurationDocumentedTest {

    private static final Path ROOT =
            Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
    /** {@code ${NAME}}, {@code ${NAME:default}}, {@code ${NAME:-default}}, {@code ${NAME:?message}}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?=[:}?-])");

    @Test
    void dockerComposeParsesAndDefinesEveryPart() throws IOException {
        JsonNode compose = new ObjectMapper(new YAMLFactory())
                .readTree(ROOT.resolve("docker-compose.yml").toFile());

        assertThat(fieldNames(compose.path("services")))
                .containsExactlyInAnyOrder(
                        "postgres", "redis", "mailpit", "keycloak", "gateway", "keycloak-2", "gateway-2");
        for (String service : Set.of("keycloak", "gateway")) {
            String dockerfile = compose.path("services")
                    .path(service)
                    .path("build")
                    .path("dockerfile")
                    .asText();
            assertThat(ROOT.resolve(dockerfile)).as("Dockerfile of " + service).isRegularFile();
        }
    }

    @Test
    void everyVariableTheComposeFilePassesOnIsDocumented() throws IOException {
        JsonNode services = new ObjectMapper(new YAMLFactory())
                .readTree(ROOT.resolve("docker-compose.yml").toFile())
                .path("services");
        Set<String> passedOn = new TreeSet<>();
        for (String service : Set.of("keycloak", "gateway")) {
            fieldNames(services.path(service).path("environment")).stream()
                    // Keycloak's own options that compose fixes for the image are Keycloak's to document.
                    .filter(name -> !Set.of("KC_HTTP_ENABLED").contains(name))
                    .forEach(passedOn::add);
        }

        assertThat(passedOn)
                .isNotEmpty()
                .allSatisfy(name -> assertThat(documented()).contains(name));
    }

    @Test
    void everyPlaceholderInTheProjectsFilesIsDocumented() throws IOException {
        Set<String> read = new TreeSet<>();
        read.addAll(placeholders(ROOT.resolve("docker-compose.yml")));
        read.addAll(placeholders(ROOT.resolve("gateway/src/main/resources/application.yml")));
        read.addAll(placeholders(ROOT.resolve("barista")));
        try (Stream<Path> realms = Files.list(ROOT.resolve("realm-config"))) {
            for (Path realm : (Iterable<Path>) realms.filter(p -> p.toString().endsWith(".json"))::iterator) {
                read.addAll(placeholders(realm));
            }
        }

        assertThat(read).contains("UNVERIFIED_USER_LIFETIME_MINUTES", "TIMEZONE", "SMTP_HOST", "KEYCLOAK_URL");
        assertThat(documented()).containsAll(read);
    }

    @Test
    void composePassesEveryRealmPlaceholderToKeycloakWithTheRealmsDefault() throws IOException {
        JsonNode environment = new ObjectMapper(new YAMLFactory())
                .readTree(ROOT.resolve("docker-compose.yml").toFile())
                .path("services")
                .path("keycloak")
                .path("environment");
        Matcher placeholder = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}")
                .matcher(Files.readString(ROOT.resolve("realm-config/coffee-shop-realm.json")));
        int checked = 0;
        while (placeholder.find()) {
            String name = placeholder.group(1);
            // An empty variable would reach the import as an empty value, not as the realm's default: compose
            // must pass the same default. The mail server is the one deliberate difference (Mailpit's host).
            String expected = name.equals("SMTP_HOST") ? "mailpit" : placeholder.group(2);
            assertThat(environment.path(name).asText(null))
                    .as("docker-compose passes %s to Keycloak with the realm's default", name)
                    .isEqualTo("${" + name + ":-" + expected + "}");
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
    }

    /** The first column of the tables of {@code docs/configuration.md}. */
    private static Set<String> documented() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `([A-Z][A-Z0-9_]*)` \\|")
                .matcher(Files.readString(ROOT.resolve("docs/configuration.md")));
        while (row.find()) {
            names.add(row.group(1));
        }
        return names;
    }

    private static Set<String> placeholders(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(Files.readString(file));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
