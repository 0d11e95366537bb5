package uz.coffeeshop.gateway.door;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;

/**
 * The gateway's own errors as RFC 9457 problem details, the same shape as the extension's problems
 * ({@code urn:coffee-shop:problem:<slug>}), plus {@code "source":"gateway"} so a client (and a test) can tell a
 * refusal at the door from an answer of Keycloak, and the request id to quote in a support ticket.
 */
public final class Problems {

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:coffee-shop:problem:";

    private Problems() {}

    /** The body as bytes. */
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
