package uz.coffeeshop.gateway.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The public port: Netty's HTTP codec and the {@link DoorConnection} on each caller's connection, nothing else,
 * on event loops of the door's own ({@link DoorTransport}), which carry the connections to Keycloak too. Bound once
 * the context is ready (every bean built) and drained on shutdown: no new connections, idle ones closed, the
 * requests under way finish (at most the shutdown phase's timeout, each answer saying {@code Connection: close}),
 * then the loops stop. Their threads are not daemons: they keep the process alive while the door is open, as
 * Spring Boot's own web servers do.
 */
final class DoorServer implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(DoorServer.class);

    /**
     * Netty's limits, as Reactor Netty's server set them before: a request line over 4 kB is a 414, headers over
     * 8 kB a 431 ({@code problem/NettyRefusals}); header names and values are validated.
     */
    private static final int MAX_REQUEST_LINE = 4096;

    private static final int MAX_HEADERS = 8192;

    /** Whether the server is shutting down (then every answer closes its connection). */
    static final class Drain {
        private volatile boolean draining;

        boolean draining() {
            return draining;
        }
    }

    private final String address;
    private final int port;
    private final DoorHandler handler;
    private final Duration drainTimeout;
    private final Drain drain = new Drain();
    private volatile EventLoopGroup loops;
    private volatile ChannelGroup connections;
    private volatile Channel listening;

    DoorServer(String address, int port, DoorHandler handler, Duration drainTimeout) {
        this.address = address;
        this.port = port;
        this.handler = handler;
        this.drainTimeout = drainTimeout;
    }

    @Override
    public void start() {
        EventLoopGroup group = DoorTransport.loops();
        ChannelGroup open = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        HttpDecoderConfig decoding = new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_REQUEST_LINE)
                .setMaxHeaderSize(MAX_HEADERS)
                .setValidateHeaders(true);
        try {
            listening = new ServerBootstrap()
                    .group(group)
                    .channel(DoorTransport.serverChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            open.add(channel);
                            channel.pipeline()
                                    .addLast("codec", new HttpServerCodec(decoding))
                                    .addLast("door", new DoorConnection(handler, drain));
                        }
                    })
                    .bind(address, port)
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException failed) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw failed;
        }
        loops = group;
        connections = open;
        LOG.info(
                "Door listening on http://{}:{} ({} transport)",
                address,
                ((InetSocketAddress) listening.localAddress()).getPort(),
                DoorTransport.name());
    }

    @Override
    public void stop() {
        EventLoopGroup group = loops;
        if (group == null) {
            return;
        }
        LOG.info("Door draining (at most {} s)", drainTimeout.toSeconds());
        drain.draining = true;
        listening.close().syncUninterruptibly();
        for (Channel connection : connections) {
            connection.eventLoop().execute(() -> {
                DoorConnection door = connection.pipeline().get(DoorConnection.class);
                if (door != null) {
                    door.drain();
                }
            });
        }
        if (!connections.newCloseFuture().awaitUninterruptibly(drainTimeout.toMillis())) {
            LOG.warn("Door: requests still under way after {} s are cut off", drainTimeout.toSeconds());
            connections.close().awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        loops = null;
    }

    @Override
    public boolean isRunning() {
        return loops != null;
    }

    /** Right where Spring Boot puts its own web server's graceful shutdown: stopped first, started last. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }
}
