package uz.coffeeshop.keycloak.limits;

/**
 * What the extension limits by itself, whatever the gateway did: each costs a password hash, an account or a mail to
 * an address the caller names. The option names of each quota start with {@link #option()}.
 */
public enum LimitedAction {
    /** {@code POST /auth/signup} and Keycloak's registration form: one budget, so neither is a way around the other. */
    SIGNUP("signup", 30, 3),
    /** {@code POST /auth/verification-email}. */
    RESEND("resend", 30, 3),
    /** A new address through {@code PATCH /users/me}: each sends a link to the address named. */
    EMAIL_CHANGE("email-change", 30, 3);

    private final String option;
    private final int defaultPerIp;
    private final int defaultPerAddress;

    LimitedAction(String option, int defaultPerIp, int defaultPerAddress) {
        this.option = option;
        this.defaultPerIp = defaultPerIp;
        this.defaultPerAddress = defaultPerAddress;
    }

    public String option() {
        return option;
    }

    int defaultPerIp() {
        return defaultPerIp;
    }

    int defaultPerAddress() {
        return defaultPerAddress;
    }
}
