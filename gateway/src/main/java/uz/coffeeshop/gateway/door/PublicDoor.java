package uz.coffeeshop.gateway.door;

import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * The door itself, before any token is looked at: a path must be canonical ({@link CanonicalPath}), the query
 * well formed, the path in the API table ({@link ApiRules}) or a health path, and a body within the limit. The
 * matched rule is what the security rules and the rate limiter judge, so they judge exactly the path forwarded.
 */
public final class PublicDoor {

    /** What the door says about one request. */
    public sealed interface Admission {}

    /** Refused at once. */
    public record Refused(Problem problem) implements Admission {}

    /** A health path: the door answers it ({@code group}: {@code null} for the whole, else the probe's group). */
    public record Health(String group) implements Admission {}

    /** In the table: on to the token check, the rate limit and Keycloak. */
    public record Forward(ApiRules.Rule rule) implements Admission {}

    static final Problem NOT_CANONICAL = new Problem(
            HttpStatus.BAD_REQUEST,
            "non-canonical-path",
            "The request path must be canonical: no dot segments, percent-encodings, empty segments, "
                    + "trailing slash or ';' parameters.");
    /** The same answer as Netty's own refusal of a request it can't read ({@code problem/NettyRefusals}). */
    public static final Problem UNREADABLE = new Problem(
            HttpStatus.BAD_REQUEST,
            "bad-request",
            "The request could not be read (bad request line, header or percent-encoding).");

    private final long maxBodyBytes;
    private final boolean actuatorHealthHere;

    /**
     * @param actuatorHealthHere whether {@code /actuator/health} is the public port's too (no management port of its
     *     own); {@code /livez} and {@code /readyz} are answered either way
     */
    public PublicDoor(long maxBodyBytes, boolean actuatorHealthHere) {
        this.maxBodyBytes = maxBodyBytes;
        this.actuatorHealthHere = actuatorHealthHere;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * @param preflight whether this is a CORS preflight that CORS did not answer (a same-origin one): refused
     * @param contentLength the request's {@code Content-Length}, -1 when it has none (a chunked body is counted as
     *     it is read, {@code routing/BodyLimit})
     */
    public Admission judge(HttpMethod method, RequestTarget target, boolean preflight, long contentLength) {
        String path = target.path();
        if (!CanonicalPath.isCanonical(path)) {
            return new Refused(NOT_CANONICAL);
        }
        if (!target.wellFormedQuery()) {
            return new Refused(UNREADABLE);
        }
        String group = healthGroup(path);
        if (group != null) {
            return method == HttpMethod.GET
                    ? new Health(group.isEmpty() ? null : group)
                    : new Refused(new Problem(
                                    HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Only GET is allowed here.")
                            .with("Allow", "GET"));
        }
        if (preflight) {
            return new Refused(Cors.REFUSAL);
        }
        ApiRules.Decision decision = ApiRules.decide(method, path);
        if (decision instanceof ApiRules.Allowed allowed) {
            if (contentLength > maxBodyBytes) {
                return new Refused(tooLarge());
            }
            return new Forward(allowed.rule());
        }
        if (decision instanceof ApiRules.MethodNotAllowed notAllowed) {
            return new Refused(methodNotAllowed(method, path, notAllowed.allowed()));
        }
        return new Refused(notFound(path));
    }

    public static Problem notFound(String path) {
        return new Problem(HttpStatus.NOT_FOUND, "not-found", "There is no such API endpoint: " + path);
    }

    /** A body over the limit; the connection is closed after it, since the rest of the body is not read. */
    public Problem tooLarge() {
        return new Problem(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "body-too-large",
                        "The request body is larger than " + maxBodyBytes + " bytes.")
                .with("Connection", "close");
    }

    private static Problem methodNotAllowed(HttpMethod method, String path, Set<HttpMethod> allowed) {
        String names = allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
        return new Problem(
                        HttpStatus.METHOD_NOT_ALLOWED,
                        "method-not-allowed",
                        method.name() + " is not allowed on " + path + "; allowed: " + names + ".")
                .with("Allow", allowed.stream().map(HttpMethod::name).collect(Collectors.joining(",")));
    }

    /**
     * The probe group of a health path ({@code ""} for the whole health), {@code null} for other paths: actuator's
     * probes on the API port ({@code /livez}, {@code /readyz}), and its health itself when actuator has no port of
     * its own.
     */
    private String healthGroup(String path) {
        switch (path) {
            case "/livez":
                return "liveness";
            case "/readyz":
                return "readiness";
            default:
                break;
        }
        if (!actuatorHealthHere) {
            return null;
        }
        if (path.equals("/actuator/health")) {
            return "";
        }
        return path.startsWith("/actuator/health/") ? path.substring("/actuator/health/".length()) : null;
    }
}
