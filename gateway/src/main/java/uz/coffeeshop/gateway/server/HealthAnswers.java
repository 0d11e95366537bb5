package uz.coffeeshop.gateway.server;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.SystemHealthDescriptor;
import org.springframework.boot.health.contributor.Status;

/**
 * Health on the public port, from actuator's own {@link HealthEndpoint} (the same indicators and probe groups as
 * the management port's): the status only, as actuator shows it without details, and 503 when down or out of
 * service, as actuator maps them.
 */
final class HealthAnswers {

    /** One answer: HTTP status and JSON body. */
    record Answer(int status, byte[] body) {}

    private final HealthEndpoint endpoint;

    HealthAnswers(HealthEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** {@code group}: {@code null} for the whole; {@code null} back for a group that does not exist. */
    Answer answer(String group) {
        HealthDescriptor health = group == null ? endpoint.health() : endpoint.healthForPath(group);
        if (health == null) {
            return null;
        }
        Status status = health.getStatus();
        StringBuilder json = new StringBuilder(64)
                .append("{\"status\":\"")
                .append(status.getCode())
                .append('"');
        if (health instanceof SystemHealthDescriptor system
                && system.getGroups() != null
                && !system.getGroups().isEmpty()) {
            json.append(",\"groups\":[")
                    .append(system.getGroups().stream()
                            .map(name -> '"' + name + '"')
                            .collect(Collectors.joining(",")))
                    .append(']');
        }
        int code = Status.DOWN.equals(status) || Status.OUT_OF_SERVICE.equals(status) ? 503 : 200;
        return new Answer(code, json.append('}').toString().getBytes(StandardCharsets.UTF_8));
    }
}
