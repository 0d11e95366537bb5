package uz.coffeeshop.keycloak.api.signup;

import java.util.Locale;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * At most one mail of a kind per address and realm within {@link #SECONDS}, across the cluster: Keycloak's
 * single-use object store (replicated by Infinispan) holds the marker, {@code putIfAbsent} makes the check and the
 * claim one step. Keycloak's own resend cooldown covers only its login pages, not this API. Keyed by the address
 * asked for, whether or not it has an account, so the cooldown itself reveals nothing.
 */
final class AddressCooldown {

    static final int SECONDS = 60;

    private AddressCooldown() {}

    /** True when the caller may send now (and the next {@link #SECONDS} are claimed); false during the cooldown. */
    static boolean claim(KeycloakSession session, RealmModel realm, String kind, String email) {
        String key = "coffee." + kind + "." + realm.getId() + "." + email.trim().toLowerCase(Locale.ROOT);
        return session.singleUseObjects().putIfAbsent(key, SECONDS);
    }
}
