package uz.coffeeshop.gateway.problem;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import uz.coffeeshop.gateway.door.DoorContext;
import uz.coffeeshop.gateway.door.Problems;

/**
 * Whatever goes wrong inside the gateway becomes problem+json rather than Spring Boot's error JSON: Keycloak not
 * reachable → 502, Keycloak too slow ({@code GATEWAY_RESPONSE_TIMEOUT}) → 504, anything unexpected → 500 without
 * internals (the log has them, under the request id). Runs before Boot's default handler (order -2).
 */
@Component
@Order(-3)
final class ProblemErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        if (causedBy(error, ConnectException.class) || causedBy(error, java.net.UnknownHostException.class)) {
            LOG.warn("Keycloak unreachable [{}]: {}", DoorContext.requestIdOf(exchange), error.toString());
            return Problems.write(
                    exchange, HttpStatus.BAD_GATEWAY, "upstream-unreachable", "The identity service can't be reached.");
        }
        if (causedBy(error, TimeoutException.class)
                || causedBy(error, io.netty.handler.timeout.ReadTimeoutException.class)
                || statusOf(error) == HttpStatus.GATEWAY_TIMEOUT.value()) {
            LOG.warn("Keycloak too slow [{}]: {}", DoorContext.requestIdOf(exchange), error.toString());
            return Problems.write(
                    exchange,
                    HttpStatus.GATEWAY_TIMEOUT,
                    "upstream-timeout",
                    "The identity service did not answer in time.");
        }
        int status = statusOf(error);
        if (status > 0 && status < 500) {
            HttpStatus known = HttpStatus.resolve(status);
            HttpStatus answer = known != null ? known : HttpStatus.BAD_REQUEST;
            return Problems.write(
                    exchange,
                    answer,
                    slug(answer),
                    ((ResponseStatusException) error).getReason() == null
                            ? answer.getReasonPhrase()
                            : ((ResponseStatusException) error).getReason());
        }
        if (status == HttpStatus.SERVICE_UNAVAILABLE.value() || status == HttpStatus.BAD_GATEWAY.value()) {
            HttpStatus answer = HttpStatus.valueOf(status);
            return Problems.write(exchange, answer, slug(answer), "The identity service is not available.");
        }
        LOG.error("Unexpected failure [{}]", DoorContext.requestIdOf(exchange), error);
        return Problems.write(
                exchange, HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Something went wrong in the gateway.");
    }

    private static int statusOf(Throwable error) {
        if (error instanceof ResponseStatusException status) {
            HttpStatusCode code = status.getStatusCode();
            return code.value();
        }
        return -1;
    }

    private static String slug(HttpStatus status) {
        return status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
