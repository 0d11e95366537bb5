package uz.coffeeshop.gateway.routing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import uz.coffeeshop.gateway.door.DoorContext;
import uz.coffeeshop.gateway.door.RequestTarget;

/**
 * Keycloak behind the door: {@code /api/<rest>} goes to {@code KEYCLOAK_URL/realms/<realm>/coffee/<rest>} with the
 * query as it came, over keep-alive connections kept per event loop ({@link KeycloakConnections}): a call goes out on
 * a connection of the event loop its caller's connection runs on, so one call stays on one thread from the caller's
 * bytes to Keycloak's and back. The request's headers go as {@link ForwardedHeaders} says, the answer's come back as
 * {@link UpstreamHeaders} says; the request's body (within the door's limit, read whole before it goes, as nginx
 * buffers it) goes with a {@code Content-Length}, the answer's streams back as it comes.
 */
public final class Upstream {

    private static final int API_PREFIX_LENGTH = "/api/".length();

    /** What the door does with Keycloak's answer; called on the caller's event loop. */
    public interface Answer {

        /** Keycloak's status and headers in their public form (the door's own headers so far included). */
        void head(HttpResponse head);

        /** A part of the body; the last one is a {@code LastHttpContent}. The door releases it (by writing it). */
        void content(HttpContent part);

        /**
         * Keycloak can't be reached, went away, or took too long ({@code io.netty.handler.timeout.ReadTimeoutException}),
         * before or after {@link #head}; nothing else is called after it.
         */
        void failed(Throwable error);
    }

    /** One call under way, for the door to give up when its caller went away. */
    public interface Call {
        void cancel();
    }

    private final KeycloakConnections connections;
    private final String basePath;
    private final String host;
    private final UpstreamHeaders answers;

    Upstream(KeycloakConnections connections, String keycloakUrl, String realm) {
        URI keycloak = URI.create(keycloakUrl);
        this.connections = connections;
        this.basePath = (keycloak.getRawPath() == null ? "" : keycloak.getRawPath()) + "/realms/" + realm + "/coffee/";
        this.host = keycloak.getRawAuthority();
        this.answers = new UpstreamHeaders(realm);
    }

    /**
     * Sends one call, on the event loop of {@code caller} (called there).
     *
     * @param body the request's body, read whole, or {@code null} when it had none (no {@code Content-Length}, not
     *     chunked); released here
     * @param answerHeaders the door's headers of the answer so far (CORS): Keycloak's are added to them
     */
    public Call forward(
            Channel caller,
            HttpMethod method,
            RequestTarget target,
            HttpHeaders requestHeaders,
            DoorContext door,
            ByteBuf body,
            HttpHeaders answerHeaders,
            Answer answer) {
        String rest = target.path().substring(API_PREFIX_LENGTH);
        String uri = target.query() == null ? basePath + rest : basePath + rest + '?' + target.query();
        // The caller's headers passed Netty's validation already; the copy needn't validate them again.
        HttpHeaders headers =
                DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
        headers.set(HttpHeaderNames.HOST, host);
        ForwardedHeaders.copy(requestHeaders, headers, door);
        if (body != null) {
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        }
        FullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1,
                method,
                uri,
                body == null ? Unpooled.EMPTY_BUFFER : body,
                headers,
                DefaultHttpHeadersFactory.trailersFactory().newHeaders());
        return connections.send(caller, request, new PublicAnswer(answerHeaders, answer));
    }

    /** Keycloak's answer, its head turned public. */
    private final class PublicAnswer implements Answer {

        private final HttpHeaders answerHeaders;
        private final Answer door;

        PublicAnswer(HttpHeaders answerHeaders, Answer door) {
            this.answerHeaders = answerHeaders;
            this.door = door;
        }

        @Override
        public void head(HttpResponse keycloak) {
            answers.copy(keycloak.headers(), answerHeaders);
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, keycloak.status(), answerHeaders);
            if (!HttpUtil.isContentLengthSet(keycloak) && mayHaveBody(keycloak.status())) {
                // Keycloak's framing (chunked, or to the end of its connection) is hop-by-hop: the door frames its own.
                HttpUtil.setTransferEncodingChunked(head, true);
            }
            door.head(head);
        }

        @Override
        public void content(HttpContent part) {
            door.content(part);
        }

        @Override
        public void failed(Throwable error) {
            door.failed(error);
        }

        private static boolean mayHaveBody(HttpResponseStatus status) {
            int code = status.code();
            return code >= 200 && code != 204 && code != 304;
        }
    }
}
