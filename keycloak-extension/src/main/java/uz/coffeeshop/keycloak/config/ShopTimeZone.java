package uz.coffeeshop.keycloak.config;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * The one time zone of the coffee shop, used only to show instants (API times, deadlines in e-mails); all
 * arithmetic stays on instants. Read from the realm attribute {@value #REALM_ATTRIBUTE} (the realm import sets
 * it from {@code TIMEZONE}), else from the {@code TIMEZONE} variable, else {@value #DEFAULT_ZONE}.
 */
public final class ShopTimeZone {

    public static final String REALM_ATTRIBUTE = "coffee.timezone";
    public static final String ENVIRONMENT_VARIABLE = "TIMEZONE";
    public static final String DEFAULT_ZONE = "Asia/Tashkent";

    private static final Logger LOG = Logger.getLogger(ShopTimeZone.class);

    private ShopTimeZone() {}

    public static ZoneId of(RealmModel realm) {
        String configured = realm.getAttribute(REALM_ATTRIBUTE);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENVIRONMENT_VARIABLE);
        }
        return parse(configured);
    }

    /** A zone id, or the default for a blank or unknown one (logged, so a typo is visible but not fatal). */
    static ZoneId parse(String configured) {
        if (configured == null || configured.isBlank()) {
            return ZoneId.of(DEFAULT_ZONE);
        }
        try {
            return ZoneId.of(configured.trim());
        } catch (DateTimeException e) {
            LOG.warnf("Unknown time zone '%s' in %s: using %s", configured, REALM_ATTRIBUTE, DEFAULT_ZONE);
            return ZoneId.of(DEFAULT_ZONE);
        }
    }

    /** ISO-8601 with the zone's offset, e.g. {@code 2026-11-25T17:00:00+05:00}. */
    public static String format(Instant instant, RealmModel realm) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(of(realm)));
    }
}
