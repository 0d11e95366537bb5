package uz.coffeeshop.gateway.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import uz.coffeeshop.gateway.door.AccessLog;
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
 * Each part decides synchronously where it can: a request waits only for a token seen for the first time, a rate
 * limit's first look at a shared bucket, a chunked body, and Keycloak.
 */
final class DoorHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    private final ClientAddressResolver clients;
    private final Cors cors;
    private final PublicDoor publicDoor;
    private final TokenCheck tokens;
    private final RateLimiter limits;
    private final Upstream upstream;
    private final HealthAnswers health;
    private final boolean accessLog;

    DoorHandler(
            ClientAddressResolver clients,
            Cors cors,
            PublicDoor publicDoor,
            TokenCheck tokens,
            RateLimiter limits,
            Upstream upstream,
            HealthAnswers health,
            boolean accessLog) {
        this.clients = clients;
        this.cors = cors;
        this.publicDoor = publicDoor;
        this.tokens = tokens;
        this.limits = limits;
        this.upstream = upstream;
        this.health = health;
        this.accessLog = accessLog;
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        HttpHeaders headers = request.requestHeaders();
        RequestTarget target = RequestTarget.parse(request.uri());
        DoorContext door = DoorContext.open(
                RequestIds.accept(headers.get(RequestIds.HEADER)),
                clients.resolve(peer(request.remoteAddress()), forwardedFor(headers)));
        Mono<Void> handled;
        try {
            handled = front(request, response, door, target);
        } catch (RuntimeException unexpected) {
            handled = Answers.problem(response, door, Failures.of(unexpected, door.requestId()));
        }
        if (!accessLog) {
            return handled;
        }
        String method = request.method().name();
        return handled.doFinally(signal ->
                AccessLog.write(method, target.path(), response.status().code(), door));
    }

    /** Header text, CORS and the public door: all decided at once. */
    private Mono<Void> front(
            HttpServerRequest request, HttpServerResponse response, DoorContext door, RequestTarget target) {
        HttpHeaders headers = request.requestHeaders();
        if (!HeaderText.allowed(headers)) {
            return Answers.problem(response, door, PublicDoor.UNREADABLE);
        }
        String method = request.method().name();
        Cors.Decision corsDecision = cors.decide(method, target.path(), headers, response.responseHeaders());
        if (corsDecision == Cors.Decision.REFUSED) {
            return Answers.problem(response, door, Cors.REFUSAL);
        }
        if (corsDecision == Cors.Decision.PREFLIGHT_ANSWERED) {
            return Answers.empty(response, door);
        }
        PublicDoor.Admission admission = publicDoor.judge(
                HttpMethod.valueOf(method),
                target,
                isPreflight(method, headers),
                contentLength(headers),
                headers.contains(HttpHeaderNames.TRANSFER_ENCODING));
        if (admission instanceof PublicDoor.Refused refused) {
            return Answers.problem(response, door, refused.problem());
        }
        PublicDoor.Forward forward = admission instanceof PublicDoor.Forward f ? f : null;
        if (forward != null) {
            door.admit(forward.rule());
        }
        String group = admission instanceof PublicDoor.Health h ? h.group() : null;
        TokenCheck.Verdict verdict = tokens.check(door.rule(), headers.get(HttpHeaderNames.AUTHORIZATION));
        if (verdict instanceof TokenCheck.Pending pending) {
            return pending.verdict()
                    .flatMap(known -> afterToken(known, request, response, door, target, forward, group))
                    .onErrorResume(error -> failed(response, door, error));
        }
        return afterToken(verdict, request, response, door, target, forward, group);
    }

    private Mono<Void> afterToken(
            TokenCheck.Verdict verdict,
            HttpServerRequest request,
            HttpServerResponse response,
            DoorContext door,
            RequestTarget target,
            PublicDoor.Forward forward,
            String group) {
        if (verdict instanceof TokenCheck.Refused refused) {
            return Answers.problem(response, door, refused.problem());
        }
        String subject = ((TokenCheck.Granted) verdict).subject();
        if (subject != null) {
            door.authenticatedAs(subject);
        }
        if (forward == null) {
            return health(response, door, target, group);
        }
        CompletableFuture<Problem> limit = limits.admit(door);
        if (limit.isDone()) {
            return afterLimit(limit.join(), request, response, door, target, forward);
        }
        return Mono.fromFuture(limit)
                .flatMap(refusal -> afterLimit(refusal, request, response, door, target, forward))
                .switchIfEmpty(Mono.defer(() -> afterLimit(null, request, response, door, target, forward)))
                .onErrorResume(error -> failed(response, door, error));
    }

    private Mono<Void> afterLimit(
            Problem refusal,
            HttpServerRequest request,
            HttpServerResponse response,
            DoorContext door,
            RequestTarget target,
            PublicDoor.Forward forward) {
        if (refusal != null) {
            return Answers.problem(response, door, refusal);
        }
        if (!forward.readBody()) {
            return toKeycloak(request, response, door, target, null);
        }
        return readUpTo(request, publicDoor.maxBodyBytes())
                .flatMap(body -> toKeycloak(request, response, door, target, body))
                .onErrorResume(BodyTooLarge.class, tooLarge -> Answers.problem(response, door, publicDoor.tooLarge()));
    }

    private Mono<Void> toKeycloak(
            HttpServerRequest request,
            HttpServerResponse response,
            DoorContext door,
            RequestTarget target,
            ByteBuf body) {
        return upstream.forward(request, response, door, target, body, answer -> Answers.finish(answer, door))
                .onErrorResume(error -> failed(response, door, error));
    }

    private Mono<Void> health(HttpServerResponse response, DoorContext door, RequestTarget target, String group) {
        HealthAnswers.Answer answer = health.answer(group);
        if (answer == null) {
            return Answers.problem(response, door, PublicDoor.notFound(target.path()));
        }
        return Answers.bytes(response, door, answer.status(), "application/json", answer.body());
    }

    private static Mono<Void> failed(HttpServerResponse response, DoorContext door, Throwable error) {
        if (response.hasSentHeaders()) {
            // Keycloak's answer was on its way: nothing to say but to end the connection, as a proxy does.
            return Mono.error(error);
        }
        return Answers.problem(response, door, Failures.of(error, door.requestId()));
    }

    /** A chunked body, read whole but never beyond {@code max} bytes. */
    private static Mono<ByteBuf> readUpTo(HttpServerRequest request, long max) {
        return Mono.defer(() -> {
            CompositeByteBuf whole = ByteBufAllocator.DEFAULT.compositeBuffer(Integer.MAX_VALUE);
            return request.receive()
                    .retain()
                    .doOnNext(part -> {
                        if (whole.readableBytes() + (long) part.readableBytes() > max) {
                            part.release();
                            throw new BodyTooLarge();
                        }
                        whole.addComponent(true, part);
                    })
                    .then(Mono.<ByteBuf>just(whole))
                    .doOnError(error -> whole.release())
                    .doOnCancel(whole::release);
        });
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

    private static java.util.List<String> forwardedFor(HttpHeaders headers) {
        return headers.contains("X-Forwarded-For") ? headers.getAll("X-Forwarded-For") : null;
    }

    /** A chunked body over the limit. */
    private static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge() {
            super("request body over the limit", null, false, false);
        }
    }
}
