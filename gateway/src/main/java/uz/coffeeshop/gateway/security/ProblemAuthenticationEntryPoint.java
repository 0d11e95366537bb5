package uz.coffeeshop.gateway.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import uz.coffeeshop.gateway.door.Problems;

/**
 * 401 as RFC 6750 wants it ({@code WWW-Authenticate: Bearer realm="…"}, with {@code error="invalid_token"} when a
 * token was sent and refused) and as problem+json. Why exactly a token was refused stays in our log: telling a
 * forger which check failed helps the forger; an expired token is said so, since honest clients need to know.
 */
final class ProblemAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemAuthenticationEntryPoint.class);

    private final String realm;

    ProblemAuthenticationEntryPoint(String realm) {
        this.realm = realm;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        boolean tokenSent = failure instanceof OAuth2AuthenticationException;
        boolean expired = tokenSent && expired(failure);
        if (tokenSent) {
            LOG.info("Refused a bearer token: {}", describe(failure));
        }
        String detail = !tokenSent
                ? "This needs an access token: send 'Authorization: Bearer <token>'."
                : expired ? "The access token has expired." : "The access token is not valid for this API.";
        String challenge = tokenSent
                ? "Bearer realm=\"" + realm + "\", error=\"invalid_token\", error_description=\""
                        + (expired ? "The access token expired" : "The access token is invalid") + "\""
                : "Bearer realm=\"" + realm + "\"";
        return Problems.write(
                exchange,
                HttpStatus.UNAUTHORIZED,
                tokenSent ? "invalid-token" : "unauthenticated",
                detail,
                headers -> headers.set(HttpHeaders.WWW_AUTHENTICATE, challenge));
    }

    /** The failure and its causes, for the log (not for the caller). */
    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            text.append(text.length() == 0 ? "" : " <- ")
                    .append(cause.getClass().getSimpleName())
                    .append(": ")
                    .append(cause.getMessage());
        }
        return text.toString();
    }

    /** Whether the timestamp validator refused the token for its {@code exp} (and nothing else failed first). */
    private static boolean expired(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JwtValidationException invalid) {
                return invalid.getErrors().stream()
                        .anyMatch(
                                error -> String.valueOf(error.getDescription()).startsWith("Jwt expired"));
            }
        }
        return false;
    }
}
