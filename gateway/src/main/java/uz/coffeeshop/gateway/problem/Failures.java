package uz.coffeeshop.gateway.problem;

import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import reactor.netty.http.client.PrematureCloseException;
import uz.coffeeshop.gateway.door.Problem;

/**
 * Whatever goes wrong inside the gateway, as a problem: Keycloak not reachable (or gone in the middle of an
 * answer) → 502, Keycloak too slow ({@code GATEWAY_RESPONSE_TIMEOUT}, Gateway's HTTP client) → 504, anything unexpected → 500 without
 * internals (the log has them, under the request id).
 */
public final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    static final Problem UNREACHABLE =
            new Problem(HttpStatus.BAD_GATEWAY, "upstream-unreachable", "The identity service can't be reached.");
    static final Problem TIMEOUT =
            new Problem(HttpStatus.GATEWAY_TIMEOUT, "upstream-timeout", "The identity service did not answer in time.");
    static final Problem INTERNAL =
            new Problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Something went wrong in the gateway.");

    private Failures() {}

    public static Problem of(Throwable error, String requestId) {
        if (causedBy(error, ConnectException.class)
                || causedBy(error, UnknownHostException.class)
                || causedBy(error, PrematureChannelClosureException.class)
                || causedBy(error, PrematureCloseException.class)) {
            LOG.warn("Keycloak unreachable [{}]: {}", requestId, error.toString());
            return UNREACHABLE;
        }
        if (causedBy(error, TimeoutException.class)
                || causedBy(error, ReadTimeoutException.class)
                || gatewayTimeout(error)) {
            LOG.warn("Keycloak too slow [{}]: {}", requestId, error.toString());
            return TIMEOUT;
        }
        LOG.error("Unexpected failure [{}]", requestId, error);
        return INTERNAL;
    }

    /**
     * Spring Cloud Gateway's own 504 when its {@code response-timeout} is set (the stock baseline), its cause
     * dropped.
     */
    private static boolean gatewayTimeout(Throwable error) {
        return error instanceof ResponseStatusException status
                && status.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value();
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
