package uz.coffeeshop.keycloak.api.users;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * How recent the login behind a token must be for an e-mail change or the deletion of one's own account: the realm
 * attribute {@value #REALM_ATTRIBUTE} (the realm import sets it from {@code COFFEE_RECENT_LOGIN_SECONDS}), default
 * {@value #DEFAULT_SECONDS} s: a stolen access token (5 minutes) can't take the account unless it was stolen at once.
 */
final class RecentLoginPolicy {

    static final String REALM_ATTRIBUTE = "coffee.recentLoginSeconds";
    static final long DEFAULT_SECONDS = 300;
    private static final Logger LOG = Logger.getLogger(RecentLoginPolicy.class);

    private RecentLoginPolicy() {}

    static long maxAgeSeconds(RealmModel realm) {
        String value = realm.getAttribute(REALM_ATTRIBUTE);
        if (value == null || value.isBlank()) {
            return DEFAULT_SECONDS;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds >= 0) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // falls through to the default below
        }
        LOG.warnf("Realm %s: ignoring %s='%s' (not a number of seconds >= 0)", realm.getName(), REALM_ATTRIBUTE, value);
        return DEFAULT_SECONDS;
    }
}
