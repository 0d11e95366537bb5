package uz.coffeeshop.keycloak.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin page speaks English, Russian and Uzbek alike: the same keys, the same placeholders in each text. */
class ConsoleMessagesTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");

    @ParameterizedTest
    @ValueSource(strings = {"ru", "uz"})
    void everyLanguageHasTheKeysOfEnglish(String language) {
        assertThat(keys(ConsoleMessages.of(language))).isEqualTo(keys(ConsoleMessages.of("en")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ru", "uz"})
    void everyTextHasThePlaceholdersOfEnglish(String language) {
        Properties english = ConsoleMessages.of("en");
        Properties other = ConsoleMessages.of(language);
        for (String key : english.stringPropertyNames()) {
            assertThat(placeholders(other.getProperty(key)))
                    .as(language + " " + key)
                    .isEqualTo(placeholders(english.getProperty(key)));
        }
    }

    @Test
    void everyKeyThePageAsksForExists() {
        String page = ConsolePage.resource("index.html");
        Matcher used = Pattern.compile("data-i18n=\"([A-Za-z_]+)\"").matcher(page);
        Set<String> english = keys(ConsoleMessages.of("en"));
        while (used.find()) {
            assertThat(english).as("index.html asks for " + used.group(1)).contains(used.group(1));
        }
        Matcher scripted = Pattern.compile("\\bt\\(\"([A-Za-z_]+)\"[,)]").matcher(ConsolePage.resource("console.js"));
        while (scripted.find()) {
            assertThat(english).as("console.js asks for " + scripted.group(1)).contains(scripted.group(1));
        }
    }

    @Test
    void theJsonIsUtf8Text() {
        assertThat(ConsoleMessages.json("uz"))
                .contains("Qahvaxona")
                .contains("Oʻchirish".toLowerCase().substring(0, 1));
        assertThat(ConsoleMessages.json("ru")).contains("Кофейня");
    }

    private static Set<String> keys(Properties messages) {
        return new TreeSet<>(messages.stringPropertyNames());
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }
}
