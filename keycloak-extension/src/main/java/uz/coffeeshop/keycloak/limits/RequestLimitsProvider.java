package uz.coffeeshop.keycloak.limits;

import org.keycloak.provider.Provider;

/** The extension's own floor of rate limits, shared by the nodes of a cluster ({@code session.getProvider(...)}). */
public interface RequestLimitsProvider extends Provider {

    /**
     * Counts one call of {@code action} by the request's client IP and to {@code address} (may be null: then only the
     * IP counts), and says whether it may go on.
     */
    LimitVerdict check(LimitedAction action, String address);
}
