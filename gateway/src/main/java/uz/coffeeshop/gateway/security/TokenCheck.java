package uz.coffeeshop.gateway.security;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;
import uz.coffeeshop.gateway.door.ApiRules;
import uz.coffeeshop.gateway.door.Problem;

/**
 * The door's token step: the bearer token of the {@code Authorization} header, when sent, must be a valid access
 * token of the realm for this API (checked locally, no call to Keycloak per request), and the API table's rule
 * decides the rest ({@link AccessPolicy}). A token sent to an open route is checked too (a bad one is a 401
 * wherever it is sent), but only a protected route makes its subject the caller. Decided at once for no token and
 * for a token the {@link VerifiedTokenCache} knows; only a token seen for the first time waits for its check.
 */
public final class TokenCheck {

    /** What the token step says. */
    public sealed interface Verdict {}

    /** On to the next step; {@code subject}: the caller, {@code null} when anonymous or the route is open. */
    public record Granted(String subject) implements Verdict {}

    /** A 401 or 403. */
    public record Refused(Problem problem) implements Verdict {}

    /** The token is being verified; its verdict (never a {@code Pending}) comes with this. */
    public record Pending(Mono<Verdict> verdict) implements Verdict {}

    private static final Granted ANONYMOUS = new Granted(null);

    private final ReactiveJwtDecoder decoder;
    private final VerifiedTokenCache verified;
    private final Callers callers;
    private final AccessProblems problems;

    /** {@code verified}: {@code null} when no tokens are kept ({@code GATEWAY_TOKEN_CACHE_SIZE=0}). */
    TokenCheck(ReactiveJwtDecoder decoder, VerifiedTokenCache verified, Callers callers, AccessProblems problems) {
        this.decoder = decoder;
        this.verified = verified;
        this.callers = callers;
        this.problems = problems;
    }

    /**
     * @param rule the API table's rule, {@code null} for health (open)
     * @param authorization the {@code Authorization} header, {@code null} when none was sent
     */
    public Verdict check(ApiRules.Rule rule, String authorization) {
        String token;
        Jwt known;
        try {
            token = BearerHeader.token(authorization);
            if (token == null) {
                return judge(rule, null);
            }
            known = verified == null ? null : verified.verifiedNow(token);
        } catch (OAuth2AuthenticationException | JwtException refused) {
            return new Refused(problems.invalidToken(refused));
        }
        if (known != null) {
            return judge(rule, known);
        }
        return new Pending(decoder.decode(token)
                .map(jwt -> judge(rule, jwt))
                .onErrorResume(JwtException.class, refused -> Mono.just(new Refused(problems.invalidToken(refused)))));
    }

    private Verdict judge(ApiRules.Rule rule, Jwt jwt) {
        if (rule == null || rule.access() == ApiRules.Access.OPEN) {
            return ANONYMOUS;
        }
        Caller caller = jwt == null ? null : callers.of(jwt);
        AccessPolicy.Verdict verdict = AccessPolicy.judge(rule, caller);
        return switch (verdict.outcome()) {
            case GRANTED -> new Granted(caller.subject());
            case UNAUTHENTICATED -> new Refused(problems.unauthenticated());
            case FORBIDDEN -> new Refused(problems.forbidden(verdict.detail()));
        };
    }
}
