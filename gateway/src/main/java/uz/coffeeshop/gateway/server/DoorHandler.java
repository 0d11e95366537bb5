package uz.coffeeshop.gateway.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpMethod;
import uz.coffeeshop.gateway.door.ClientAddressResolver;
import uz.coffeeshop.gateway.door.Cors;
import uz.coffeeshop.gateway.door.DoorContext;
import uz.coffeeshop.gateway.door.HeaderText;
import uz.coffeeshop.gateway.door.Problem;
import uz.coffeeshop.gateway.door.PublicDoor;
import uz.coffeeshop.gateway.door.RequestIds;
import uz.coffeeshop.gateway.door.RequestTarget;
import uz.coffeeshop.gateway.problem.Failures;
import uz.coffeeshop.gateway.ratelimit.RateLimiter;
import uz.coffeeshop.gateway.routing.Upstream;
import uz.coffeeshop.gateway.security.TokenCheck;

/**
 * Every request of the public port, through the door's named parts in order: the front door (request id, client
 * address; security headers and the request id on every answer, the access line when it is sent), the header
 * text, CORS, the public door (path form, API table, health, body size), the token, the rate limit, Keycloak.
 * Each part decides synchronously where it can, on the caller's event loop: a request waits only for a token seen
 * for the first time, a rate limit's first look at a shared bucket, its body, and Keycloak; what it waited for
 * comes back to the event loop before the next part runs.
 */
final class DoorHandler {

    private final ClientAddressResolver clients;
    private final Cors cors;
    private final PublicDoor publicDoor;
    private final TokenCheck tokens;
    private final RateLimiter limits;
    private final Upstream upstream;
    private final HealthAnswers health;
    private final AccessLines accessLines;

    DoorHandler(
            ClientAddressResolver clients,
            Cors cors,
            PublicDoor publicDoor,
            TokenCheck tokens,
            RateLimiter limits,
            Upstream upstream,
            HealthAnswers health,
            AccessLines accessLines) {
        this.clients = clients;
        this.cors = cors;
        this.publicDoor = publicDoor;
        this.tokens = tokens;
        this.limits = limits;
        this.upstream = upstream;
        this.health = health;
        this.accessLines = accessLines;
    }

    /** The front door: a new request's exchange, with its id and client address ({@link #run} takes it on). */
    Exchange open(DoorConnection connection, ChannelHandlerContext ctx, HttpRequest request) {
        HttpHeaders headers = request.headers();
        RequestTarget target = RequestTarget.parse(request.uri());
        DoorContext door = DoorContext.open(
                RequestIds.accept(headers.get(RequestIds.HEADER)),
                clients.resolve(peer(ctx.channel().remoteAddress()), forwardedFor(headers)));
        return new Exchange(connection, ctx, request, target, door, accessLines, publicDoor.maxBodyBytes());
    }

    /** The rest of the door, up to an answer or Keycloak. */
    void run(Exchange exchange) {
        step(exchange, () -> front(exchange));
    }

    /** Header text, CORS and the public door: all decided at once. */
    private void front(Exchange exchange) {
        HttpRequest request = exchange.request();
        HttpHeaders headers = request.headers();
        RequestTarget target = exchange.target();
        if (!HeaderText.allowed(headers)) {
            Answers.problem(exchange, PublicDoor.UNREADABLE);
            return;
        }
        String method = request.method().name();
        Cors.Decision corsDecision = cors.decide(method, target.path(), headers, exchange.answerHeaders());
        if (corsDecision == Cors.Decision.REFUSED) {
            Answers.problem(exchange, Cors.REFUSAL);
            return;
        }
        if (corsDecision == Cors.Decision.PREFLIGHT_ANSWERED) {
            Answers.empty(exchange);
            return;
        }
        PublicDoor.Admission admission = publicDoor.judge(
                HttpMethod.valueOf(method),
                target,
                isPreflight(method, headers),
                contentLength(headers),
                headers.contains(HttpHeaderNames.TRANSFER_ENCODING));
        if (admission instanceof PublicDoor.Refused refused) {
            Answers.problem(exchange, refused.problem());
            return;
        }
        PublicDoor.Forward forward = admission instanceof PublicDoor.Forward f ? f : null;
        if (forward != null) {
            exchange.door().admit(forward.rule());
        }
        String group = admission instanceof PublicDoor.Health h ? h.group() : null;
        TokenCheck.Verdict verdict = tokens.check(exchange.door().rule(), headers.get(HttpHeaderNames.AUTHORIZATION));
        if (verdict instanceof TokenCheck.Pending pending) {
            pending.verdict()
                    .subscribe(
                            known -> exchange.onLoop(
                                    () -> step(exchange, () -> afterToken(known, exchange, forward, group))),
                            error -> exchange.onLoop(() -> failed(exchange, error)));
            return;
        }
        afterToken(verdict, exchange, forward, group);
    }

    private void afterToken(TokenCheck.Verdict verdict, Exchange exchange, PublicDoor.Forward forward, String group) {
        if (verdict instanceof TokenCheck.Refused refused) {
            Answers.problem(exchange, refused.problem());
            return;
        }
        String subject = ((TokenCheck.Granted) verdict).subject();
        if (subject != null) {
            exchange.door().authenticatedAs(subject);
        }
        if (forward == null) {
            health(exchange, group);
            return;
        }
        CompletableFuture<Problem> limit = limits.admit(exchange.door());
        if (limit.isDone()) {
            afterLimit(limit.join(), exchange);
            return;
        }
        limit.whenComplete((refusal, error) -> exchange.onLoop(() -> {
            if (error != null) {
                failed(exchange, error);
            } else {
                step(exchange, () -> afterLimit(refusal, exchange));
            }
        }));
    }

    private void afterLimit(Problem refusal, Exchange exchange) {
        if (refusal != null) {
            Answers.problem(exchange, refusal);
            return;
        }
        exchange.afterBody(() -> step(exchange, () -> toKeycloak(exchange)));
    }

    private void toKeycloak(Exchange exchange) {
        if (exchange.bodyTooLarge()) {
            Answers.problem(exchange, publicDoor.tooLarge());
            return;
        }
        exchange.forwardTo(upstream);
    }

    private void health(Exchange exchange, String group) {
        HealthAnswers.Answer answer = health.answer(group);
        if (answer == null) {
            Answers.problem(exchange, PublicDoor.notFound(exchange.target().path()));
            return;
        }
        Answers.bytes(exchange, answer.status(), "application/json", answer.body());
    }

    /** A part that runs after a wait: what it throws is the request's 500, as for the parts that ran at once. */
    private static void step(Exchange exchange, Runnable part) {
        try {
            part.run();
        } catch (RuntimeException unexpected) {
            failed(exchange, unexpected);
        }
    }

    private static void failed(Exchange exchange, Throwable error) {
        Answers.problem(exchange, Failures.of(error, exchange.door().requestId()));
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

    private static InetSocketAddress peer(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet : null;
    }

    private static List<String> forwardedFor(HttpHeaders headers) {
        return headers.contains("X-Forwarded-For") ? headers.getAll("X-Forwarded-For") : null;
    }
}
