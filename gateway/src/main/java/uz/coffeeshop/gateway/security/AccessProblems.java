package uz.coffeeshop.gateway.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import uz.coffeeshop.gateway.door.Problem;
import uz.coffeeshop.gateway.door.ProblemAnswers;

/**
 * 401 as RFC 6750 wants it ({@code WWW-Authenticate: Bearer realm="…"}, with {@code error="invalid_token"} when a
 * token was sent and refused) and 403 with the RFC 6750 {@code insufficient_scope} challenge, both as problems.
 * Why exactly a token was refused stays in our log: telling a forger which check failed helps the forger; an
 * expired token is said so, since honest clients need to know. Spring Security's entry point (401) and
 * access-denied handler (403) of the resource server: its own write an empty body.
 */
final class AccessProblems implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AccessProblems.class);

    private final Problem unauthenticated;
    private final String realm;

    AccessProblems(String realm) {
        this.realm = realm;
        this.unauthenticated = new Problem(
                        HttpStatus.UNAUTHORIZED,
                        "unauthenticated",
                        "This needs an access token: send 'Authorization: Bearer <token>'.")
                .with("WWW-Authenticate", "Bearer realm=\"" + realm + "\"");
    }

    /** 401: a token that was refused, or none where the rule needs one. */
    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        return ProblemAnswers.write(
                exchange, failure instanceof OAuth2AuthenticationException ? invalidToken(failure) : unauthenticated);
    }

    /** 403, with the reason {@link ApiRulesAuthorization} found. */
    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return ProblemAnswers.write(exchange, forbidden(exchange.getAttribute(ApiRulesAuthorization.REFUSAL)));
    }

    /** No token where the rule needs one. */
    Problem unauthenticated() {
        return unauthenticated;
    }

    /** A token was sent and refused ({@code failure}: why, for the log). */
    Problem invalidToken(Throwable failure) {
        LOG.info("Refused a bearer token: {}", describe(failure));
        boolean expired = expired(failure);
        return new Problem(
                        HttpStatus.UNAUTHORIZED,
                        "invalid-token",
                        expired ? "The access token has expired." : "The access token is not valid for this API.")
                .with(
                        "WWW-Authenticate",
                        "Bearer realm=\"" + realm + "\", error=\"invalid_token\", error_description=\""
                                + (expired ? "The access token expired" : "The access token is invalid") + "\"");
    }

    /** A valid token without what the rule needs. */
    Problem forbidden(String detail) {
        return new Problem(HttpStatus.FORBIDDEN, "forbidden", detail != null ? detail : "You may not do this.")
                .with("WWW-Authenticate", "Bearer realm=\"" + realm + "\", error=\"insufficient_scope\"");
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
