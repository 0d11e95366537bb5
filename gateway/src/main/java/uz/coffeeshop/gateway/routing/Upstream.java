package uz.coffeeshop.gateway.routing;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import uz.coffeeshop.gateway.door.DoorContext;
import uz.coffeeshop.gateway.door.RequestTarget;

/**
 * Keycloak behind the door: {@code /api/<rest>} goes to {@code KEYCLOAK_URL/realms/<realm>/coffee/<rest>} with the
 * query as it came, over pooled keep-alive connections of one Reactor Netty {@code HttpClient} configured once
 * (connect and response timeouts included, so nothing is re-configured per call). The request's headers go as
 * {@link ForwardedHeaders} says, the answer's come back as {@link UpstreamHeaders} says, the bodies stream both
 * ways. A failure (Keycloak unreachable, too slow) is the returned {@link Mono}'s error, for the door to answer.
 */
public final class Upstream {

    private static final int API_PREFIX_LENGTH = "/api/".length();

    private final HttpClient client;
    private final String base;
    private final UpstreamHeaders answers;

    Upstream(HttpClient client, String keycloakUrl, String realm) {
        this.client = client;
        this.base = keycloakUrl + "/realms/" + realm + "/coffee/";
        this.answers = new UpstreamHeaders(realm);
    }

    /**
     * @param body the request's body read already (a chunked one, within the limit), or {@code null} to stream it
     *     as it comes (a {@code Content-Length} within the limit, or none)
     * @param beforeAnswer called once Keycloak's status and headers are on {@code response}, before they are sent
     */
    public Mono<Void> forward(
            HttpServerRequest request,
            HttpServerResponse response,
            DoorContext door,
            RequestTarget target,
            ByteBuf body,
            Consumer<HttpServerResponse> beforeAnswer) {
        String rest = target.path().substring(API_PREFIX_LENGTH);
        String uri = target.query() == null ? base + rest : base + rest + '?' + target.query();
        boolean streamed = body == null && request.requestHeaders().contains(HttpHeaderNames.CONTENT_LENGTH);
        return client.request(request.method())
                .uri(uri)
                .send((outgoing, out) -> {
                    ForwardedHeaders.copy(request.requestHeaders(), outgoing.requestHeaders(), door);
                    if (body != null) {
                        outgoing.requestHeaders().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
                        return out.send(Mono.just(body));
                    }
                    return streamed ? out.send(request.receive().retain()) : out;
                })
                .response((answer, content) -> {
                    response.status(answer.status());
                    answers.copy(answer.responseHeaders(), response.responseHeaders());
                    beforeAnswer.accept(response);
                    return response.send(content.retain());
                })
                .then();
    }
}
