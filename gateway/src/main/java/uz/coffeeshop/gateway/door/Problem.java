package uz.coffeeshop.gateway.door;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * One refusal of the gateway's own, before it is written: status, the problem type's slug, the detail for the
 * caller, and the headers that go with it ({@code WWW-Authenticate}, {@code Retry-After}, {@code Allow}). Written by
 * {@link ProblemAnswers} as {@link Problems} says, with the request's id.
 */
public record Problem(HttpStatus status, String slug, String detail, Map<String, String> headers) {

    public Problem(HttpStatus status, String slug, String detail) {
        this(status, slug, detail, Map.of());
    }

    /** The same problem with one more header. */
    public Problem with(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Problem(status, slug, detail, Map.copyOf(more));
    }

    /** The body, {@code requestId} included. */
    public byte[] body(String requestId) {
        return Problems.body(status, slug, detail, requestId);
    }
}
