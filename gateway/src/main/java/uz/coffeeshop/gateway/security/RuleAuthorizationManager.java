package uz.coffeeshop.gateway.security;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;
import uz.coffeeshop.gateway.door.ApiRules;
import uz.coffeeshop.gateway.door.DoorContext;

/**
 * Applies the API table's rule that the public door matched (in the {@link DoorContext}) for this exchange. An exchange without a rule
 * (only health gets this far without one) is open.
 */
final class RuleAuthorizationManager implements ReactiveAuthorizationManager<AuthorizationContext> {

    static final String DENIAL_REASON = RuleAuthorizationManager.class.getName() + ".denialReason";

    private static final AuthorizationResult GRANTED = new AuthorizationDecision(true);
    private static final AuthorizationResult DENIED = new AuthorizationDecision(false);

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
        var exchange = context.getExchange();
        DoorContext door = DoorContext.of(exchange);
        ApiRules.Rule rule = door == null ? null : door.rule();
        if (rule == null || rule.access() == ApiRules.Access.OPEN) {
            return Mono.just((AuthorizationResult) GRANTED);
        }
        return authentication
                .map(caller -> {
                    AccessPolicy.Verdict verdict = AccessPolicy.judge(rule, caller);
                    if (verdict.outcome() == AccessPolicy.Outcome.GRANTED) {
                        door.authenticatedAs(caller.getName());
                        return GRANTED;
                    }
                    if (verdict.detail() != null) {
                        exchange.getAttributes().put(DENIAL_REASON, verdict.detail());
                    }
                    return DENIED;
                })
                .defaultIfEmpty(DENIED);
    }
}
