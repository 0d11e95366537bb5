package uz.coffeeshop.keycloak.web.auth;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;
import org.keycloak.util.TokenUtil;
import uz.coffeeshop.keycloak.web.problem.Problem;
import uz.coffeeshop.keycloak.web.problem.ProblemException;

/**
 * Checks the bearer token of a call to the coffee API itself, whatever the gateway did: signature and issuer
 * of this realm, an active session, audience {@value #API_CLIENT}, type {@code Bearer}. No token or a bad one → 401
 * with {@code WWW-Authenticate: Bearer} (RFC 6750). What the caller may do is the endpoint's rule, asked of the
 * {@link ApiCaller} it yields (a valid token without the right → 403).
 */
public final class BearerAuth {

    /** The resource server's client: the audience of API tokens, whose client roles are the permissions. */
    public static final String API_CLIENT = "coffee-api";

    private final KeycloakSession session;

    public BearerAuth(KeycloakSession session) {
        this.session = session;
    }

    /** Any valid API token of this realm. */
    public ApiCaller authenticate() {
        RealmModel realm = session.getContext().getRealm();
        boolean presented = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION) != null;
        // Without setAudience the authenticator accepts a token of any audience.
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session)
                .setAudience(API_CLIENT)
                .authenticate();
        if (auth == null || !TokenUtil.TOKEN_TYPE_BEARER.equals(auth.token().getType())) {
            throw unauthorized(realm, presented);
        }
        return new ApiCaller(realm, auth.user(), auth.token(), auth.session());
    }

    private static ProblemException unauthorized(RealmModel realm, boolean tokenPresented) {
        // RFC 6750 §3.1: no error code when the request carried no credentials at all.
        String challenge =
                "Bearer realm=\"" + realm.getName() + "\"" + (tokenPresented ? ", error=\"invalid_token\"" : "");
        String detail = tokenPresented
                ? "The access token is missing, invalid, expired, or not meant for this API."
                : "This needs an access token: send 'Authorization: Bearer <token>'.";
        return Problem.of("unauthorized", Response.Status.UNAUTHORIZED, detail)
                .toException(response -> response.header(HttpHeaders.WWW_AUTHENTICATE, challenge));
    }
}
