package uz.coffeeshop.gateway.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import uz.coffeeshop.gateway.door.Problems;

/**
 * 403 as problem+json, with the reason {@link RuleAuthorizationManager} left on the exchange (Spring Security
 * hands this handler only a generic "Access Denied"), and the RFC 6750 {@code insufficient_scope} challenge.
 */
final class ProblemAccessDeniedHandler implements ServerAccessDeniedHandler {

    private final String realm;

    ProblemAccessDeniedHandler(String realm) {
        this.realm = realm;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        String detail = exchange.getAttribute(RuleAuthorizationManager.DENIAL_REASON);
        return Problems.write(
                exchange,
                HttpStatus.FORBIDDEN,
                "forbidden",
                detail != null ? detail : "You may not do this.",
                headers -> headers.set(
                        HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm + "\", error=\"insufficient_scope\""));
    }
}
