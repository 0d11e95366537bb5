package uz.coffeeshop.keycloak.api.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The console page's texts: {@code messages_<lang>.properties} beside the page (UTF-8, like the theme's), one file
 * per language, the same keys in each ({@code ConsoleMessagesTest} keeps them in sync).
 */
final class ConsoleMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsoleMessages() {}

    static Properties of(String language) {
        Properties messages = new Properties();
        try (InputStream in = ConsoleMessages.class.getResourceAsStream("messages_" + language + ".properties")) {
            if (in == null) {
                throw new IllegalArgumentException("no console messages for " + language);
            }
            messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return messages;
    }

    static String json(String language) {
        TreeMap<String, String> sorted = new TreeMap<>();
        of(language).forEach((key, value) -> sorted.put((String) key, (String) value));
        try {
            return JSON.writeValueAsString(sorted);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
