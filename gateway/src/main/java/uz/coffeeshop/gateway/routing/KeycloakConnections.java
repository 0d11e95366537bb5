package uz.coffeeshop.gateway.routing;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayDeque;

/**
 * Keep-alive connections to Keycloak, kept per event loop: each event loop thread has its own idle connections,
 * registered on that loop, so a call finds one without a lock and its bytes never change threads (Reactor Netty's
 * pool hands out connections of any loop). A connection idle longer than {@code maxIdleNanos} is closed before
 * Keycloak would close it under a call; at most {@link #IDLE_PER_LOOP} are kept per loop (as nginx's
 * {@code keepalive} bounds its idle ones), the rest close when their answer ends. New connections use the
 * caller's transport (native epoll or NIO, whichever the door runs on).
 */
final class KeycloakConnections {

    static final int IDLE_PER_LOOP = 64;

    private final String host;
    private final int port;
    private final SslContext tls;
    private final int connectMillis;
    private final long responseTimeoutNanos;
    private final long maxIdleNanos;
    private final FastThreadLocal<ArrayDeque<KeycloakConnection>> idle = new FastThreadLocal<>() {
        @Override
        protected ArrayDeque<KeycloakConnection> initialValue() {
            return new ArrayDeque<>();
        }
    };

    /** {@code tls}: for an {@code https} {@code KEYCLOAK_URL}, else {@code null}. */
    KeycloakConnections(
            String host, int port, SslContext tls, int connectMillis, long responseTimeoutNanos, long maxIdleNanos) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.connectMillis = connectMillis;
        this.responseTimeoutNanos = responseTimeoutNanos;
        this.maxIdleNanos = maxIdleNanos;
    }

    /** Sends {@code request} on an idle connection of the caller's loop, or a new one; called on that loop. */
    Upstream.Call send(Channel caller, FullHttpRequest request, Upstream.Answer answer) {
        ArrayDeque<KeycloakConnection> kept = idle.get();
        long now = System.nanoTime();
        KeycloakConnection connection;
        while ((connection = kept.pollLast()) != null) {
            if (connection.usable(now, maxIdleNanos)) {
                connection.send(request, answer, responseTimeoutNanos);
                return connection;
            }
            connection.close();
        }
        return connect(caller, request, answer);
    }

    private Upstream.Call connect(Channel caller, FullHttpRequest request, Upstream.Answer answer) {
        KeycloakConnection connection = new KeycloakConnection(this);
        Channel channel = new Bootstrap()
                .group(caller.eventLoop())
                .channel(caller instanceof EpollSocketChannel ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (tls != null) {
                            channel.pipeline().addLast(tls.newHandler(channel.alloc(), host, port));
                        }
                        channel.pipeline().addLast(new HttpClientCodec(), connection);
                    }
                })
                .connect(host, port)
                .addListener((ChannelFutureListener) connected -> {
                    if (connected.isSuccess()) {
                        connection.sendOnceConnected(request, answer, responseTimeoutNanos);
                    } else {
                        request.release();
                        connection.connectFailed(answer, connected.cause());
                    }
                })
                .channel();
        connection.connecting(channel);
        return connection;
    }

    /** A connection whose answer ended, kept for the next call of its loop (called on that loop). */
    void keep(KeycloakConnection connection) {
        ArrayDeque<KeycloakConnection> kept = idle.get();
        if (kept.size() >= IDLE_PER_LOOP) {
            connection.close();
            return;
        }
        connection.idleSince(System.nanoTime());
        kept.addLast(connection);
    }

    /** A connection that closed (called on its loop). */
    void forget(KeycloakConnection connection) {
        idle.get().remove(connection);
    }
}
