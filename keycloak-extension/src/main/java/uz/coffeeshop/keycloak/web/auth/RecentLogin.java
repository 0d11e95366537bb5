package uz.coffeeshop.keycloak.web.auth;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import uz.coffeeshop.keycloak.web.problem.Problem;

/**
 * Step-up for the changes a stolen access token must not make: the login behind the token ({@code auth_time}, which
 * a refresh keeps; see {@link ApiCaller#authTime()}) must be at most {@code maxAgeSeconds} old. Otherwise 401 with {@code WWW-Authenticate: Bearer
 * error="insufficient_user_authentication", max_age=...} (RFC 9470): the client logs the user in again (OIDC
 * {@code max_age}, or {@code prompt=login}) and repeats the call with the new token.
 */
public final class RecentLogin {

    private RecentLogin() {}

    public static void require(ApiCaller caller, long maxAgeSeconds) {
        long authTime = caller.authTime();
        long now = Time.currentTime();
        if (authTime > 0 && now - authTime <= maxAgeSeconds) {
            return;
        }
        String challenge = "Bearer realm=\"" + caller.realm().getName()
                + "\", error=\"insufficient_user_authentication\""
                + ", error_description=\"A more recent authentication is required\", max_age=" + maxAgeSeconds;
        throw Problem.of(
                        "insufficient-user-authentication",
                        Response.Status.UNAUTHORIZED,
                        "This change needs a login within the last " + maxAgeSeconds
                                + " seconds: log in again and repeat it with the new token.")
                .toException(response -> response.header(HttpHeaders.WWW_AUTHENTICATE, challenge));
    }
}
