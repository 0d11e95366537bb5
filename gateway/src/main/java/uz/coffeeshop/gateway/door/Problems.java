package uz.coffeeshop.gateway.door;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes the gateway's own errors as RFC 9457 problem details, the same shape as the extension's problems
 * ({@code urn:coffee-shop:problem:<slug>}), plus {@code "source":"gateway"} so a client (and a test) can tell a
 * refusal at the door from an answer of Keycloak, and the request id to quote in a support ticket.
 */
public final class Problems {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
    private static final String TYPE_PREFIX = "urn:coffee-shop:problem:";

    private Problems() {}

    /** Answers the exchange with a problem; {@code headers} adds e.g. {@code WWW-Authenticate} or {@code Retry-After}. */
    public static Mono<Void> write(
            ServerWebExchange exchange, HttpStatus status, String slug, String detail, Consumer<HttpHeaders> headers) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        HttpHeaders responseHeaders = response.getHeaders();
        responseHeaders.remove(HttpHeaders.CONTENT_LENGTH);
        responseHeaders.remove(HttpHeaders.TRANSFER_ENCODING);
        responseHeaders.setContentType(PROBLEM_JSON);
        headers.accept(responseHeaders);
        byte[] body =
                json(status, slug, detail, DoorContext.requestIdOf(exchange)).getBytes(StandardCharsets.UTF_8);
        responseHeaders.setContentLength(body.length);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    public static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String slug, String detail) {
        return write(exchange, status, slug, detail, headers -> {});
    }

    /** The body as bytes, for answers written below Spring (problem/, Netty's own refusals). */
    public static byte[] body(HttpStatus status, String slug, String detail, String requestId) {
        return json(status, slug, detail, requestId).getBytes(StandardCharsets.UTF_8);
    }

    /** The body; hand-written so the gateway's error path needs no object mapper and stays cheap. */
    static String json(HttpStatus status, String slug, String detail, String requestId) {
        StringBuilder json = new StringBuilder(256)
                .append("{\"type\":\"")
                .append(TYPE_PREFIX)
                .append(escape(slug))
                .append("\",\"title\":\"")
                .append(escape(status.getReasonPhrase()))
                .append("\",\"status\":")
                .append(status.value())
                .append(",\"detail\":\"")
                .append(escape(detail))
                .append('"');
        if (requestId != null) {
            json.append(",\"requestId\":\"").append(escape(requestId)).append('"');
        }
        return json.append(",\"source\":\"gateway\"}").toString();
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
