package uz.coffeeshop.gateway.server;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import uz.coffeeshop.gateway.problem.NettyRefusals;

/**
 * One caller's connection to the public port, after Netty's HTTP codec: its requests one at a time, each an
 * {@link Exchange} run by the {@link DoorHandler}. Requests a caller pipelines wait until the one before was
 * answered; while one is answered, nothing more is read from the caller. What the codec could not decode is
 * answered by {@link NettyRefusals} and the connection closed.
 */
final class DoorConnection extends ChannelInboundHandlerAdapter {

    /** The longest a connection closing after an answer still drops what its caller sends. */
    private static final Duration LINGER = Duration.ofSeconds(2);

    private final DoorHandler handler;
    private final DoorServer.Drain drain;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Exchange current;
    private boolean closeWhenIdle;

    DoorConnection(DoorHandler handler, DoorServer.Drain drain) {
        this.handler = handler;
        this.drain = drain;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (current != null && current.requestEnded() || !waiting.isEmpty()) {
            waiting.add(message);
            return;
        }
        take(message);
    }

    private void take(Object message) {
        if (message instanceof HttpObject decoded && decoded.decoderResult().isFailure()) {
            refuseUndecodable(decoded);
            return;
        }
        if (current != null) {
            if (message instanceof HttpContent part) {
                current.bodyPart(part);
            } else {
                ReferenceCountUtil.release(message);
            }
        } else if (message instanceof HttpRequest request) {
            Exchange exchange = handler.open(this, ctx, request);
            current = exchange;
            handler.run(exchange);
            if (message instanceof HttpContent whole) {
                exchange.bodyPart(whole);
            }
        } else {
            // The rest of a request whose connection is closing: nothing to do with it.
            ReferenceCountUtil.release(message);
        }
        if (current != null && current.requestEnded()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void refuseUndecodable(HttpObject decoded) {
        Throwable cause = decoded.decoderResult().cause();
        ReferenceCountUtil.release(decoded);
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
        if (current != null && current.answerStarted()) {
            ctx.close();
            return;
        }
        if (current != null) {
            current.abandon();
            current = null;
        }
        closeAfterUnreadBody(ctx.writeAndFlush(NettyRefusals.answerTo(cause)));
    }

    /**
     * Closes the connection after {@code written}, an answer sent while the caller may still be sending what
     * nobody will read (a body over the limit, the rest of an undecodable request): closing at once would make the
     * kernel answer that data with a reset, which can reach the caller before it read the answer. So the door
     * stops writing (FIN after the answer), reads and drops what still comes, and closes when the caller does, at
     * the body's end, or after {@link #LINGER} at the latest.
     */
    void closeAfterUnreadBody(ChannelFuture written) {
        written.addListener(sent -> {
            if (ctx.channel() instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            }
            ctx.executor().schedule(() -> ctx.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
        });
        ctx.channel().config().setAutoRead(true);
    }

    /** Called by the exchange once its request was read and its answer sent: on to the next request, if any. */
    void ended(Exchange exchange) {
        if (exchange != current) {
            return;
        }
        current = null;
        if (closeWhenIdle) {
            ctx.close();
            return;
        }
        while (!waiting.isEmpty() && (current == null || !current.requestEnded())) {
            take(waiting.poll());
        }
        if (current == null || !current.requestEnded()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    boolean draining() {
        return drain.draining();
    }

    /** The server is shutting down: an idle connection closes now, a busy one after its answer. */
    void drain() {
        if (current == null) {
            ctx.close();
        } else {
            closeWhenIdle = true;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (current != null) {
            current.abandon();
            current = null;
        }
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable error) {
        // A reset by the caller, mostly: the connection is done for.
        context.close();
    }
}
