package uz.coffeeshop.keycloak.api.signup;

import org.keycloak.models.RealmModel;

/**
 * Whether sign-up hides that an address already has an account. Off (the seed's contract: 409 for a taken
 * address) unless the realm attribute {@value #REALM_ATTRIBUTE} is {@code true}; the realm import sets it from
 * {@code COFFEE_SIGNUP_ENUMERATION_SAFE}. On: every well-formed sign-up answers the same 202, and the owner of
 * a taken address gets a notice mail instead of the caller getting a 409.
 */
final class EnumerationSafeMode {

    static final String REALM_ATTRIBUTE = "coffee.signup.enumerationSafe";

    private EnumerationSafeMode() {}

    static boolean isOn(RealmModel realm) {
        return Boolean.parseBoolean(realm.getAttribute(REALM_ATTRIBUTE));
    }
}
