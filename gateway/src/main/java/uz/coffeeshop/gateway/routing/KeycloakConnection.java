package uz.coffeeshop.gateway.routing;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One keep-alive connection to Keycloak and the one call on it at a time: the request goes out, the answer comes
 * back to the call's {@link Upstream.Answer}, and once it ended the connection goes back to its loop's idle ones
 * (unless Keycloak said {@code Connection: close}). The response timeout is one timer per call on the connection's
 * own loop, from the request's send to the answer's end; a connection that times out, fails or is given up in the
 * middle of an answer is closed, never reused.
 */
final class KeycloakConnection extends ChannelInboundHandlerAdapter implements Upstream.Call {

    private final KeycloakConnections home;
    private Channel channel;
    private Upstream.Answer answer;
    private ScheduledFuture<?> deadline;
    private boolean keepAlive;
    private boolean informational;
    private boolean cancelled;
    private long idleSince;

    KeycloakConnection(KeycloakConnections home) {
        this.home = home;
    }

    void connecting(Channel connecting) {
        channel = connecting;
    }

    boolean usable(long now, long maxIdleNanos) {
        return channel.isActive() && now - idleSince < maxIdleNanos;
    }

    void idleSince(long now) {
        idleSince = now;
    }

    void close() {
        channel.close();
    }

    void send(FullHttpRequest request, Upstream.Answer to, long timeoutNanos) {
        answer = to;
        keepAlive = true;
        informational = false;
        cancelled = false;
        channel.writeAndFlush(request).addListener((ChannelFutureListener) sent -> {
            if (!sent.isSuccess()) {
                fail(sent.cause());
                channel.close();
            }
        });
        deadline = channel.eventLoop().schedule(this::tooSlow, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    void sendOnceConnected(FullHttpRequest request, Upstream.Answer to, long timeoutNanos) {
        if (cancelled) {
            // The caller went away while this connected: nothing to send, the connection serves the next call.
            request.release();
            home.keep(this);
            return;
        }
        send(request, to, timeoutNanos);
    }

    void connectFailed(Upstream.Answer to, Throwable error) {
        if (!cancelled) {
            to.failed(error);
        }
    }

    /** The caller went away: an answer under way can't be finished, so its connection can't be reused. */
    @Override
    public void cancel() {
        cancelled = true;
        if (answer != null) {
            answer = null;
            deadline.cancel(false);
            channel.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        Upstream.Answer to = answer;
        if (to == null) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (message instanceof HttpResponse head) {
            if (head.decoderResult().isFailure()) {
                ReferenceCountUtil.release(message);
                fail(head.decoderResult().cause());
                channel.close();
                return;
            }
            if (head.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                // A 100 Continue (never asked for: Expect is not forwarded): its empty end follows; the answer comes
                // after.
                informational = true;
                ReferenceCountUtil.release(message);
                return;
            }
            keepAlive = HttpUtil.isKeepAlive(head);
            to.head(head);
        }
        if (message instanceof HttpContent part) {
            if (informational) {
                informational = !(part instanceof LastHttpContent);
                part.release();
                return;
            }
            if (part instanceof LastHttpContent) {
                answer = null;
                deadline.cancel(false);
                if (keepAlive && channel.isActive()) {
                    home.keep(this);
                } else {
                    channel.close();
                }
            }
            to.content(part);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        home.forget(this);
        fail(new PrematureChannelClosureException("Keycloak closed the connection before its answer ended"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable error) {
        fail(error);
        ctx.close();
    }

    private void tooSlow() {
        if (answer != null) {
            fail(ReadTimeoutException.INSTANCE);
            channel.close();
        }
    }

    private void fail(Throwable error) {
        Upstream.Answer to = answer;
        if (to == null) {
            return;
        }
        answer = null;
        if (deadline != null) {
            deadline.cancel(false);
        }
        to.failed(error);
    }
}
