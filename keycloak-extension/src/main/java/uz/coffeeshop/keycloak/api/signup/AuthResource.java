package uz.coffeeshop.keycloak.api.signup;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.keycloak.models.KeycloakSession;

/**
 * {@code /realms/{realm}/coffee/auth}: the two open endpoints (the gateway rate-limits them per client IP).
 * Bodies are taken as streams and parsed by {@link uz.coffeeshop.keycloak.web.request.JsonBody}, never bound
 * by RESTEasy, so every bad body is a problem+json 400/413/415.
 */
public final class AuthResource {

    private final KeycloakSession session;

    public AuthResource(KeycloakSession session) {
        this.session = session;
    }

    /** Creates an unverified account and sends its verification link: 201 (or 202 in enumeration-safe mode). */
    @POST
    @Path("signup")
    @Produces(MediaType.APPLICATION_JSON)
    public Response signUp(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        return new SignUp(session).handle(contentType, body);
    }

    /** Sends a fresh verification link if the address has an unverified account: always the same 202. */
    @POST
    @Path("verification-email")
    @Produces(MediaType.APPLICATION_JSON)
    public Response resendVerification(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        return new VerificationResend(session).handle(contentType, body);
    }
}
