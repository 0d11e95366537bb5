package uz.coffeeshop.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README and the guides under {@code docs/} navigable: every relative link points at a file that
 * exists, and a link to a heading ({@code file.md#heading}) at a heading that exists, named as GitHub names
 * its anchors. Links to other sites are not followed (the build machines reach no site but the registries).
 */
class DocumentationLinksTest {

    private static final Path ROOT =
            Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
    /** {@code [text](target)} and {@code ![alt](target)}; the target ends at the first space or parenthesis. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```");

    @Test
    void everyRelativeLinkPointsAtAFileOrHeadingThatExists() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path document : documents()) {
            Matcher link = LINK.matcher(withoutCodeBlocks(Files.readString(document)));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                    continue; // http:, https:, mailto: ... belong to other sites
                }
                checked++;
                String problem = problemOf(document, target);
                if (problem != null) {
                    broken.add(ROOT.relativize(document) + ": " + target + " (" + problem + ")");
                }
            }
        }

        assertThat(checked).as("relative links checked").isGreaterThan(10);
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void anchorsAreNamedAsGitHubNamesThem() {
        assertThat(anchorOf("Known vulnerabilities of the pinned Keycloak"))
                .isEqualTo("known-vulnerabilities-of-the-pinned-keycloak");
        assertThat(anchorOf("Back to Keycloak's synchronous sender")).isEqualTo("back-to-keycloaks-synchronous-sender");
        assertThat(anchorOf("`./barista up` fails")).isEqualTo("barista-up-fails");
        assertThat(anchorOf("E-mail outbox")).isEqualTo("e-mail-outbox");
    }

    private static String problemOf(Path document, String target) throws IOException {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved =
                file.isEmpty() ? document : document.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (hash < 0 || !resolved.toString().endsWith(".md")) {
            return null;
        }
        String anchor = target.substring(hash + 1);
        return anchorsOf(resolved).contains(anchor) ? null : "no such heading";
    }

    private static Set<String> anchorsOf(Path markdown) throws IOException {
        Set<String> anchors = new TreeSet<>();
        Matcher heading = HEADING.matcher(withoutCodeBlocks(Files.readString(markdown)));
        while (heading.find()) {
            anchors.add(anchorOf(heading.group(1)));
        }
        return anchors;
    }

    /** GitHub's rule: lower case, punctuation other than hyphens and underscores dropped, spaces as hyphens. */
    static String anchorOf(String heading) {
        return heading.trim()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }

    private static String withoutCodeBlocks(String markdown) {
        return FENCE.matcher(markdown).replaceAll("");
    }

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>();
        documents.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }
}
