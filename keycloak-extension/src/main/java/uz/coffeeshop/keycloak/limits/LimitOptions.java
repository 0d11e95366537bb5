package uz.coffeeshop.keycloak.limits;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The limits' options ({@code --spi-coffee-limits--default--<option>}, env {@code KC_SPI_COFFEE_LIMITS__DEFAULT__<OPTION>}):
 * one window, and for each {@link LimitedAction} a quota per client IP ({@code <action>-per-ip}) and per target
 * address ({@code <action>-per-address}). A bad value stops Keycloak at start with a message naming the option.
 */
record LimitOptions(Duration window, Map<LimitedAction, Quota> quotas) {

    static final String WINDOW = "window-seconds";
    static final long DEFAULT_WINDOW_SECONDS = 600;
    private static final int MAX_QUOTA = 1_000_000;

    static LimitOptions from(Config.Scope scope) {
        return parse(scope::get);
    }

    static LimitOptions parse(Function<String, String> option) {
        long window = number(option, WINDOW, DEFAULT_WINDOW_SECONDS);
        if (window < 1 || window > 86_400) {
            throw invalid(WINDOW, window, "1 to 86400 seconds");
        }
        Map<LimitedAction, Quota> quotas = new EnumMap<>(LimitedAction.class);
        for (LimitedAction action : LimitedAction.values()) {
            quotas.put(
                    action,
                    new Quota(
                            quota(option, perIp(action), action.defaultPerIp()),
                            quota(option, perAddress(action), action.defaultPerAddress())));
        }
        return new LimitOptions(Duration.ofSeconds(window), Map.copyOf(quotas));
    }

    Quota quota(LimitedAction action) {
        return quotas.get(action);
    }

    static String perIp(LimitedAction action) {
        return action.option() + "-per-ip";
    }

    static String perAddress(LimitedAction action) {
        return action.option() + "-per-address";
    }

    /** The options as Keycloak's config metadata: listed by {@code kc.sh show-config} and the server info. */
    static List<ProviderConfigProperty> metadata() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create()
                .property()
                .name(WINDOW)
                .type("long")
                .defaultValue(DEFAULT_WINDOW_SECONDS)
                .helpText("Length of the window every quota counts in, in seconds (1 to 86400).")
                .add();
        for (LimitedAction action : LimitedAction.values()) {
            builder.property()
                    .name(perIp(action))
                    .type("int")
                    .defaultValue(action.defaultPerIp())
                    .helpText("Calls of " + action.option() + " per client IP (as Keycloak sees it: KC_PROXY_HEADERS"
                            + " decides whether X-Forwarded-For counts) and window; 0: no count per IP.")
                    .add()
                    .property()
                    .name(perAddress(action))
                    .type("int")
                    .defaultValue(action.defaultPerAddress())
                    .helpText("Calls of " + action.option() + " per target e-mail address and window; 0: no count"
                            + " per address.")
                    .add();
        }
        return builder.build();
    }

    private static int quota(Function<String, String> option, String name, int fallback) {
        long value = number(option, name, fallback);
        if (value < 0 || value > MAX_QUOTA) {
            throw invalid(name, value, "0 to " + MAX_QUOTA);
        }
        return (int) value;
    }

    private static long number(Function<String, String> option, String name, long fallback) {
        String text = option.apply(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--spi-coffee-limits--default--" + name + "='" + text + "' is not a whole number");
        }
    }

    private static IllegalArgumentException invalid(String name, long value, String rule) {
        return new IllegalArgumentException(
                "--spi-coffee-limits--default--" + name + "=" + value + " is out of range: " + rule);
    }
}
