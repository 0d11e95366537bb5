package uz.coffeeshop.gateway.door;

import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * How a refusal of the gateway's own is written on an exchange: its status, its headers ({@code WWW-Authenticate},
 * {@code Retry-After}, {@code Allow}, {@code Connection: close}) and its body, with the request's id. The front
 * door adds the security headers and the request id when the answer is committed, as for every answer.
 */
public final class ProblemAnswers {

    private ProblemAnswers() {}

    public static Mono<Void> write(ServerWebExchange exchange, Problem problem) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        DoorContext door = exchange.getAttribute(DoorContext.ATTRIBUTE);
        String requestId = door == null ? null : door.requestId();
        response.setStatusCode(problem.status());
        HttpHeaders headers = response.getHeaders();
        for (Map.Entry<String, String> header : problem.headers().entrySet()) {
            headers.set(header.getKey(), header.getValue());
        }
        byte[] body = problem.body(requestId);
        headers.set(HttpHeaders.CONTENT_TYPE, Problems.PROBLEM_JSON);
        headers.setContentLength(body.length);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
