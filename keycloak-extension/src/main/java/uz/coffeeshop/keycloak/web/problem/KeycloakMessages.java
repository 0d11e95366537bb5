package uz.coffeeshop.keycloak.web.problem;

import java.io.IOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.theme.Theme;

/**
 * Turns Keycloak's message keys (user-profile validators, password policies: e.g.
 * {@code invalidPasswordMinLengthMessage} with its parameters) into the English sentences of the realm's login
 * theme, so the API says what Keycloak's own pages say. An unknown key is shown as it is.
 */
public final class KeycloakMessages {

    private static final Logger LOG = Logger.getLogger(KeycloakMessages.class);

    private final Properties messages;

    private KeycloakMessages(Properties messages) {
        this.messages = messages;
    }

    public static KeycloakMessages of(KeycloakSession session) {
        Properties messages = new Properties();
        try {
            Theme theme = session.theme().getTheme(Theme.Type.LOGIN);
            messages.putAll(theme.getMessages(Locale.ENGLISH));
        } catch (IOException | RuntimeException e) {
            LOG.debugf(e, "login theme messages unavailable: showing message keys");
        }
        return new KeycloakMessages(messages);
    }

    public String format(String key, Object... parameters) {
        String pattern = messages.getProperty(key);
        if (pattern == null) {
            return key;
        }
        try {
            return new MessageFormat(pattern.replace("'", "''"), Locale.ENGLISH).format(localize(parameters));
        } catch (IllegalArgumentException e) {
            return pattern;
        }
    }

    /** Parameters may themselves be keys, such as {@code ${email}} for an attribute's display name. */
    private Object[] localize(Object[] parameters) {
        if (parameters == null) {
            return new Object[0];
        }
        Object[] localized = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Object parameter = parameters[i];
            if (parameter instanceof String text && text.startsWith("${") && text.endsWith("}")) {
                String key = text.substring(2, text.length() - 1);
                localized[i] = messages.getProperty(key, key);
            } else {
                localized[i] = parameter;
            }
        }
        return localized;
    }
}
