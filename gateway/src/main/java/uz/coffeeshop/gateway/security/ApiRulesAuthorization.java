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
 * The API table's rule of the request (matched by the front door, {@link DoorContext#rule()}) as Spring Security's
 * authorization: open routes and health for anyone, the others by {@link AccessPolicy}. A refusal's reason is kept
 * on the exchange for the access-denied handler ({@link AccessProblems}), which words the 403 with it; a granted
 * caller becomes the request's subject (the per-user rate limit, the access line).
 */
final class ApiRulesAuthorization implements ReactiveAuthorizationManager<AuthorizationContext> {

    /** The exchange attribute with the reason of a 403. */
    static final String REFUSAL = ApiRulesAuthorization.class.getName() + ".refusal";

    private static final Mono<AuthorizationResult> GRANTED = Mono.just(new AuthorizationDecision(true));
    private static final AuthorizationDecision DENIED = new AuthorizationDecision(false);

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
        DoorContext door = DoorContext.of(context.getExchange());
        ApiRules.Rule rule = door.rule();
        if (rule == null || rule.access() == ApiRules.Access.OPEN) {
            return GRANTED;
        }
        return authentication
                .filter(CallerAuthentication.class::isInstance)
                .map(known -> judge(rule, ((CallerAuthentication) known).caller(), context, door))
                .defaultIfEmpty(DENIED);
    }

    private static AuthorizationResult judge(
            ApiRules.Rule rule, Caller caller, AuthorizationContext context, DoorContext door) {
        AccessPolicy.Verdict verdict = AccessPolicy.judge(rule, caller);
        if (verdict.outcome() == AccessPolicy.Outcome.GRANTED) {
            door.authenticatedAs(caller.subject());
            return new AuthorizationDecision(true);
        }
        context.getExchange().getAttributes().put(REFUSAL, verdict.detail());
        return DENIED;
    }
}
