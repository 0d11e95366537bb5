package uz.coffeeshop.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.KeycloakNode;

/**
 * Keeps the three copies of Keycloak's shipped JVM options the same: {@code barista}'s and the image's
 * ({@code deploy/keycloak/Dockerfile}) are what users run, the tests' nodes run {@link
 * KeycloakNode#SHIPPED_JVM_OPTIONS}, so the cleanup's priority that the tests and the benchmark see is the shipped one.
 * Neither shell nor Dockerfile can read the other's, hence a check instead of one file.
 */
class ShippedJvmOptionsTest {

    private static final Path ROOT =
            Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();

    @Test
    void baristaAndTheImageGiveKeycloakTheOptionsTheTestsRunWith() throws IOException {
        assertThat(joined(ROOT.resolve("barista"))).contains("\"" + KeycloakNode.SHIPPED_JVM_OPTIONS + "\"");
        assertThat(joined(ROOT.resolve("deploy/keycloak/Dockerfile")))
                .contains("JAVA_OPTS_APPEND=\"" + KeycloakNode.SHIPPED_JVM_OPTIONS + "\"");
    }

    /** The file with its backslash-newline continuations joined, as the shell and Docker read it. */
    private static String joined(Path file) throws IOException {
        return Files.readString(file).replace("\\\n", "");
    }
}
