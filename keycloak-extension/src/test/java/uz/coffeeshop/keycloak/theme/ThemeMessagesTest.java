package uz.coffeeshop.keycloak.theme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The theme speaks English, Russian and Uzbek alike: every key in one language is in the others, and every
 * text is a valid {@link MessageFormat} (a lone apostrophe silently eats the rest of a Keycloak message).
 */
class ThemeMessagesTest {

    private static final String[] LOCALES = {"en", "ru", "uz"};

    @ParameterizedTest
    @ValueSource(strings = {"login", "email"})
    void everyLanguageHasTheSameKeys(String type) throws IOException {
        Set<String> english = keys(type, "en");
        for (String locale : LOCALES) {
            assertThat(keys(type, locale)).as(type + " messages_" + locale).isEqualTo(english);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"login", "email"})
    void everyTextIsAValidMessageFormat(String type) throws IOException {
        for (String locale : LOCALES) {
            Properties messages = messages(type, locale);
            for (String key : messages.stringPropertyNames()) {
                String text = messages.getProperty(key);
                assertThatCode(() -> new MessageFormat(text))
                        .as(type + " " + locale + " " + key)
                        .doesNotThrowAnyException();
                assertThat(text)
                        .as(type + " " + locale + " " + key + " has a lone apostrophe")
                        .doesNotContain("'");
            }
        }
    }

    /** Keycloak's own keys that only a language Keycloak lacks (Uzbek) needs are not compared. */
    private static Set<String> keys(String type, String locale) throws IOException {
        return messages(type, locale).stringPropertyNames().stream()
                .filter(key -> !key.startsWith("linkExpirationFormatter."))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Properties messages(String type, String locale) throws IOException {
        String resource = "/theme/coffee-shop/" + type + "/messages/messages_" + locale + ".properties";
        try (InputStream in = ThemeMessagesTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        }
    }
}
