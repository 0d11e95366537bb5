package uz.coffeeshop.keycloak.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import uz.coffeeshop.keycloak.limits.LimitVerdict;
import uz.coffeeshop.keycloak.limits.LimitedAction;
import uz.coffeeshop.keycloak.limits.RequestLimitsProvider;
import uz.coffeeshop.keycloak.web.problem.Problem;

/** The extension's own limits on the API: over a quota, 429 problem+json with {@code Retry-After}. */
public final class RateLimited {

    private RateLimited() {}

    /** Counts the call of {@code action} to {@code address} (null: the client IP only), or throws the 429. */
    public static void check(KeycloakSession session, LimitedAction action, String address) {
        LimitVerdict verdict = session.getProvider(RequestLimitsProvider.class).check(action, address);
        if (verdict.allowed()) {
            return;
        }
        throw Problem.of(
                        "too-many-requests",
                        Response.Status.TOO_MANY_REQUESTS,
                        "Too many attempts: try again in " + verdict.retryAfterMinutes() + " minutes.")
                .toException(response ->
                        response.header(HttpHeaders.RETRY_AFTER, String.valueOf(verdict.retryAfterSeconds())));
    }
}
