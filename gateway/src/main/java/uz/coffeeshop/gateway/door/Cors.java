package uz.coffeeshop.gateway.door;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;

/**
 * CORS for the configured web origins only, on {@code /api/**}, as Spring's {@code DefaultCorsProcessor} answered
 * it here before (the same headers, the same checks), except that a refusal is a problem like every other refusal
 * of the door rather than an empty 403. No credentials: the API reads no cookies.
 */
public final class Cors {

    /** What CORS says about one request. */
    public enum Decision {
        /** Not a cross-origin request, or an allowed one: on to the door. */
        PASS,
        /** An allowed preflight: answered at once, 200 with the headers set. */
        PREFLIGHT_ANSWERED,
        /** Refused: a 403 problem. */
        REFUSED
    }

    public static final Problem REFUSAL =
            new Problem(HttpStatus.FORBIDDEN, "cors", "This origin may not call the API.");

    private static final String VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
    private static final List<String> METHODS = List.of("GET", "POST", "PATCH", "PUT", "DELETE");
    private static final List<String> ALLOWED_HEADERS = List.of("authorization", "content-type", "x-request-id");
    private static final String EXPOSED = "X-Request-Id, Location, Retry-After, WWW-Authenticate";
    private static final String MAX_AGE_SECONDS = "600";

    private final Set<String> origins;

    /** {@code allowedOrigins}: exact origins ({@code https://shop.example}); empty allows none. */
    public Cors(List<String> allowedOrigins) {
        this.origins = allowedOrigins.stream().map(Cors::normalised).collect(Collectors.toUnmodifiableSet());
    }

    /** Judges the request and sets the CORS headers of the answer on {@code response}. */
    public Decision decide(String method, String path, HttpHeaders request, HttpHeaders response) {
        response.set(HttpHeaderNames.VARY, VARY);
        String origin = request.get(HttpHeaderNames.ORIGIN);
        if (origin == null || sameOrigin(origin, request.get(HttpHeaderNames.HOST))) {
            return Decision.PASS;
        }
        boolean preflight = method.equals("OPTIONS") && request.contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        if (!path.startsWith("/api/")) {
            return preflight ? Decision.REFUSED : Decision.PASS;
        }
        if (!origins.contains(normalised(origin))) {
            return Decision.REFUSED;
        }
        if (!preflight) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
            return Decision.PASS;
        }
        if (!METHODS.contains(request.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD))) {
            return Decision.REFUSED;
        }
        List<String> asked = requestedHeaders(request.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS));
        for (String header : asked) {
            if (!ALLOWED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
                return Decision.REFUSED;
            }
        }
        response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, String.join(",", METHODS));
        if (!asked.isEmpty()) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, String.join(", ", asked));
        }
        response.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS);
        return Decision.PREFLIGHT_ANSWERED;
    }

    /** An {@code Origin} naming this very host is no cross-origin request (Spring's {@code CorsUtils} rule). */
    private static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        int scheme = origin.indexOf("://");
        return scheme > 0 && origin.substring(scheme + 3).equalsIgnoreCase(host);
    }

    private static List<String> requestedHeaders(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(header -> !header.isEmpty())
                .toList();
    }

    private static String normalised(String origin) {
        String trimmed = origin.trim();
        return (trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed).toLowerCase(Locale.ROOT);
    }
}
