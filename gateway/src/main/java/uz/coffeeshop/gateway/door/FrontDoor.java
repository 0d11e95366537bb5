package uz.coffeeshop.gateway.door;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The first web filter of the public port, before Spring Security's chain: it opens the request's
 * {@link DoorContext} (request id, client address), puts the security headers and the request id on every answer
 * when it is committed (Keycloak's, the refusals', actuator's), writes the access line when the exchange ends, and
 * refuses at once what no later part needs to see: header text ({@link HeaderText}), CORS ({@link Cors}), the path
 * form, query, API table and declared body size ({@link PublicDoor}). What it admits goes on to the token, the rate
 * limit and Spring Cloud Gateway's route; health paths go on to actuator.
 *
 * <p>Headers are read and written on Reactor Netty's own header objects (the request's and the response's, which
 * Spring's {@code HttpHeaders} of the exchange wrap): the same data, without an adapter per lookup.
 */
public final class FrontDoor implements WebFilter, Ordered {

    /** Before Spring Security's filter chain (-100), and before anything else. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    private final ClientAddressResolver clients;
    private final Cors cors;
    private final PublicDoor publicDoor;
    private final AccessLines accessLines;
    private final int apiPort;

    /**
     * @param apiPort the public port: actuator's own port, when it has one, runs the application's web filters too
     *     (Boot's management context inherits them), and there only the context is opened, for the parts after it
     */
    public FrontDoor(
            ClientAddressResolver clients, Cors cors, PublicDoor publicDoor, AccessLines accessLines, int apiPort) {
        this.clients = clients;
        this.cors = cors;
        this.publicDoor = publicDoor;
        this.accessLines = accessLines;
        this.apiPort = apiPort;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpServerRequest nativeRequest = ((AbstractServerHttpRequest) request).getNativeRequest();
        HttpServerResponse nativeResponse = ((AbstractServerHttpResponse) exchange.getResponse()).getNativeResponse();
        HttpHeaders headers = nativeRequest.requestHeaders();
        HttpHeaders answerHeaders = nativeResponse.responseHeaders();
        RequestTarget target = RequestTarget.parse(nativeRequest.uri());
        DoorContext door = DoorContext.open(
                RequestIds.accept(headers.get(RequestIds.HEADER)),
                clients.resolve(peer(request), forwardedFor(headers)));
        exchange.getAttributes().put(DoorContext.ATTRIBUTE, door);
        InetSocketAddress local = request.getLocalAddress();
        if (local != null && local.getPort() != apiPort) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        response.beforeCommit(() -> {
            SecurityHeaders.apply(answerHeaders);
            answerHeaders.set(RequestIds.HEADER, door.requestId());
            return Mono.empty();
        });
        String method = request.getMethod().name();
        return judge(exchange, chain, method, target, headers, answerHeaders, door)
                .doFinally(signal -> accessLines.record(method, target.path(), status(response), door));
    }

    private Mono<Void> judge(
            ServerWebExchange exchange,
            WebFilterChain chain,
            String method,
            RequestTarget target,
            HttpHeaders headers,
            HttpHeaders answerHeaders,
            DoorContext door) {
        if (!HeaderText.allowed(headers)) {
            return refuse(exchange, headers, PublicDoor.UNREADABLE);
        }
        Cors.Decision corsDecision = cors.decide(method, target.path(), headers, answerHeaders);
        if (corsDecision == Cors.Decision.REFUSED) {
            return refuse(exchange, headers, Cors.REFUSAL);
        }
        if (corsDecision == Cors.Decision.PREFLIGHT_ANSWERED) {
            exchange.getResponse().setStatusCode(HttpStatus.OK);
            return exchange.getResponse().setComplete();
        }
        PublicDoor.Admission admission = publicDoor.judge(
                HttpMethod.valueOf(method), target, isPreflight(method, headers), contentLength(headers));
        if (admission instanceof PublicDoor.Refused refused) {
            return refuse(exchange, headers, refused.problem());
        }
        if (admission instanceof PublicDoor.Forward forward) {
            door.admit(forward.rule());
        }
        return chain.filter(exchange);
    }

    /**
     * A refusal; when the caller asked for {@code 100 Continue} and its body was never asked for, the connection
     * is closed after it, since that body may or may not come.
     */
    private static Mono<Void> refuse(ServerWebExchange exchange, HttpHeaders headers, Problem problem) {
        Problem answer = headers.contains(HttpHeaderNames.EXPECT) ? problem.with("Connection", "close") : problem;
        return ProblemAnswers.write(exchange, answer);
    }

    private static int status(ServerHttpResponse response) {
        return response.getStatusCode() == null ? 200 : response.getStatusCode().value();
    }

    private static boolean isPreflight(String method, HttpHeaders headers) {
        return method.equals("OPTIONS")
                && headers.contains(HttpHeaderNames.ORIGIN)
                && headers.contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    }

    /** The {@code Content-Length}, -1 when there is none (Netty's decoder refused a malformed one already). */
    private static long contentLength(HttpHeaders headers) {
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException malformed) {
            return -1;
        }
    }

    private static InetSocketAddress peer(ServerHttpRequest request) {
        return request.getRemoteAddress();
    }

    private static List<String> forwardedFor(HttpHeaders headers) {
        return headers.contains("X-Forwarded-For") ? headers.getAll("X-Forwarded-For") : null;
    }
}
