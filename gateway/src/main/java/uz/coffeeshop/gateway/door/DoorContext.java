package uz.coffeeshop.gateway.door;

import org.springframework.web.server.ServerWebExchange;

/**
 * The facts of one request, set by the door and read by everything after it: the request id and the client's
 * address (the front door, first), the API table's rule (the public door, once the path is judged) and the
 * caller's subject (once the token granted access). Each is written once; the readers are the security rules,
 * the rate limiter, the forwarded headers, the problems and the access log.
 */
public final class DoorContext {

    /** The exchange attribute that holds it. */
    public static final String ATTRIBUTE = DoorContext.class.getName();

    private final String requestId;
    private final ClientAddress client;
    private final long startedNanos;
    private ApiRules.Rule rule;
    private String subject;

    private DoorContext(String requestId, ClientAddress client, long startedNanos) {
        this.requestId = requestId;
        this.client = client;
        this.startedNanos = startedNanos;
    }

    /** Called once per request, by the front door. */
    public static DoorContext open(String requestId, ClientAddress client) {
        return new DoorContext(requestId, client, System.nanoTime());
    }

    /** The context the front door set on {@code exchange}. */
    public static DoorContext of(ServerWebExchange exchange) {
        DoorContext door = exchange.getAttribute(ATTRIBUTE);
        if (door == null) {
            throw new IllegalStateException("the front door did not see this request");
        }
        return door;
    }

    public String requestId() {
        return requestId;
    }

    public ClientAddress client() {
        return client;
    }

    long startedNanos() {
        return startedNanos;
    }

    /** The API table's rule for this request; {@code null} for health and before the public door judged it. */
    public ApiRules.Rule rule() {
        return rule;
    }

    /** Called by the front door with the rule the public door matched. */
    public void admit(ApiRules.Rule matched) {
        if (rule != null) {
            throw new IllegalStateException("the rule of a request is set once");
        }
        rule = matched;
    }

    /** The token's subject once access was granted on it; {@code null} for anonymous calls. */
    public String subject() {
        return subject;
    }

    /** Called when a token granted access. */
    public void authenticatedAs(String tokenSubject) {
        if (subject != null && !subject.equals(tokenSubject)) {
            throw new IllegalStateException("the subject of a request is set once");
        }
        subject = tokenSubject;
    }
}
