package uz.coffeeshop.gateway.problem;

import java.util.Locale;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import uz.coffeeshop.gateway.door.DoorContext;
import uz.coffeeshop.gateway.door.Problem;
import uz.coffeeshop.gateway.door.ProblemAnswers;

/**
 * The one error handler of the public port, ahead of Boot's default (which writes its own JSON, not a problem):
 * whatever failed after the front door is a problem as {@link Failures} names it (502 for Keycloak unreachable,
 * 504 for too slow, Gateway's own {@code 504} timeout included, 500 for the rest); a status Spring itself raised
 * below 500 (e.g. a body it could not read) keeps its status. An answer already under way can only be cut off.
 */
@Order(-2)
final class GatewayErrors implements ErrorWebExceptionHandler {

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        DoorContext door = exchange.getAttribute(DoorContext.ATTRIBUTE);
        String requestId = door == null ? null : door.requestId();
        Problem problem = error instanceof ResponseStatusException status
                        && status.getStatusCode().is4xxClientError()
                ? new Problem(
                        HttpStatus.valueOf(status.getStatusCode().value()),
                        slug(status.getStatusCode().value()),
                        status.getReason() == null ? "The request could not be read." : status.getReason())
                : Failures.of(error, requestId);
        return ProblemAnswers.write(exchange, problem);
    }

    /** The problem type of a status: {@code bad-request}, {@code not-found}, ... */
    private static String slug(int status) {
        return HttpStatus.valueOf(status)
                .getReasonPhrase()
                .toLowerCase(Locale.ROOT)
                .replace(' ', '-');
    }
}
