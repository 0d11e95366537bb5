package uz.coffeeshop.gateway.problem;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import reactor.netty.NettyPipeline;
import uz.coffeeshop.gateway.door.Problems;

/**
 * What Netty's HTTP codec refuses, as problem+json: a request line too long (414), headers too large (431) or a
 * request that does not decode (400), and Spring's own 400 for a request target it can't parse as a URI. Reactor
 * Netty answers those before any web filter runs, with an empty body; this handler, next to the HTTP codec, gives
 * such an empty answer the problem body; answers with a body pass untouched. The one Netty handler of the
 * gateway's own: neither Reactor Netty nor Spring has a hook for the codec's refusals.
 */
@ChannelHandler.Sharable
public final class NettyRefusals extends ChannelOutboundHandlerAdapter {

    static final String NAME = "coffee.nettyRefusals";

    private static final NettyRefusals INSTANCE = new NettyRefusals();

    private static final Map<Integer, Refusal> REFUSALS = Map.of(
            400,
            new Refusal(
                    HttpStatus.BAD_REQUEST,
                    "bad-request",
                    "The request could not be read (bad request line, " + "header or percent-encoding)."),
            414,
            new Refusal(HttpStatus.URI_TOO_LONG, "uri-too-long", "The request line is longer than the gateway takes."),
            431,
            new Refusal(
                    HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "headers-too-large",
                    "The request's headers are larger than the gateway takes."));

    private record Refusal(HttpStatus status, String slug, String detail) {}

    private NettyRefusals() {}

    /** Puts the handler right after the HTTP codec of a new connection (once; a pipeline without one is left). */
    public static void addTo(ChannelPipeline pipeline) {
        if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(NAME) == null) {
            pipeline.addAfter(NettyPipeline.HttpCodec, NAME, INSTANCE);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof FullHttpResponse response
                && response.content().readableBytes() == 0
                && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)) {
            Refusal refusal = REFUSALS.get(response.status().code());
            if (refusal != null) {
                super.write(ctx, asProblem(response, refusal), promise);
                return;
            }
        }
        super.write(ctx, msg, promise);
    }

    private static FullHttpResponse asProblem(FullHttpResponse bare, Refusal refusal) {
        // Refused before the door ran, so no request id of the door's: a fresh one, in the body and the header.
        String requestId = UUID.randomUUID().toString();
        byte[] body = Problems.body(refusal.status(), refusal.slug(), refusal.detail(), requestId);
        FullHttpResponse problem =
                new DefaultFullHttpResponse(bare.protocolVersion(), bare.status(), Unpooled.wrappedBuffer(body));
        problem.headers().set(bare.headers());
        problem.headers().set(HttpHeaderNames.CONTENT_TYPE, Problems.PROBLEM_JSON);
        problem.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        problem.headers().set("X-Content-Type-Options", "nosniff");
        problem.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        problem.headers().set("X-Request-Id", requestId);
        bare.release();
        return problem;
    }
}
