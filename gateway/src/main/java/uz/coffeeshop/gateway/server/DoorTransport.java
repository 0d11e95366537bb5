package uz.coffeeshop.gateway.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The door's event loops: Linux's native epoll when Netty's JNI library loads (cheaper per call than the JDK's
 * selector), else the JDK's NIO (another CPU, a system without the library, or {@code -Dreactor.netty.native=false},
 * the switch Reactor Netty's management server reads too, so both say the same). One loop per core, as nginx's
 * {@code worker_processes auto}: each loop serves its callers' connections and its own connections to Keycloak.
 */
public final class DoorTransport {

    private DoorTransport() {}

    public static boolean nativeEpoll() {
        return Boolean.parseBoolean(System.getProperty("reactor.netty.native", "true")) && Epoll.isAvailable();
    }

    public static String name() {
        return nativeEpoll() ? "native (epoll)" : "nio";
    }

    static EventLoopGroup loops() {
        IoHandlerFactory io = nativeEpoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(
                Runtime.getRuntime().availableProcessors(), new DefaultThreadFactory("door"), io);
    }

    static Class<? extends ServerChannel> serverChannel() {
        return nativeEpoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
