package uz.coffeeshop.gateway.server;

import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import uz.coffeeshop.gateway.problem.NettyRefusals;

/**
 * The public port: Reactor Netty's {@code HttpServer} with the {@link DoorHandler} and nothing else, bound once the
 * context is ready (every bean built) and drained on shutdown: no new connections, the requests under way finish
 * (at most the shutdown phase's timeout), then the port is released. Started before and stopped after nothing
 * else of ours; the management server, when there is one, is Spring Boot's own.
 */
final class DoorServer implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(DoorServer.class);

    private final String address;
    private final int port;
    private final DoorHandler handler;
    private final Duration drainTimeout;
    private volatile DisposableServer server;

    DoorServer(String address, int port, DoorHandler handler, Duration drainTimeout) {
        this.address = address;
        this.port = port;
        this.handler = handler;
        this.drainTimeout = drainTimeout;
    }

    @Override
    public void start() {
        // A channel group is what lets Reactor Netty wait for the requests under way when the server is disposed.
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        server = HttpServer.create()
                .host(address)
                .port(port)
                .channelGroup(connections)
                .doOnChannelInit((observer, channel, remote) -> NettyRefusals.addTo(channel.pipeline()))
                .handle(handler)
                .bindNow();
        LOG.info("Door listening on http://{}:{}", address, server.port());
        keepTheProcessAlive(server);
    }

    /**
     * Reactor Netty's event loops are daemon threads, and without a management port no Spring web server runs: one
     * thread that is not a daemon waits for the door to close, as Spring Boot's own web servers do.
     */
    private static void keepTheProcessAlive(DisposableServer bound) {
        Thread awaiting = new Thread(() -> bound.onDispose().block(), "door-await");
        awaiting.setDaemon(false);
        awaiting.start();
    }

    @Override
    public void stop() {
        DisposableServer running = server;
        if (running != null) {
            LOG.info("Door draining (at most {} s)", drainTimeout.toSeconds());
            running.disposeNow(drainTimeout);
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Right where Spring Boot puts its own web server's graceful shutdown: stopped first, started last. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }
}
