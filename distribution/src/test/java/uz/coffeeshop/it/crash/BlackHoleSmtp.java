package uz.coffeeshop.it.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMTP port that accepts connections and never answers: a node delivering to it sits in its delivery attempt,
 * holding the mail's lease, until its SMTP timeout. Lets a test kill a node exactly while it holds a lease.
 */
final class BlackHoleSmtp implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    private BlackHoleSmtp(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::acceptUntilClosed, "black-hole-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static BlackHoleSmtp open(int port) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return new BlackHoleSmtp(server);
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on " + port, e);
        }
    }

    private void acceptUntilClosed() {
        while (!server.isClosed()) {
            try {
                accepted.add(server.accept());
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Whether a delivery attempt has connected (and now waits for a greeting that never comes). */
    boolean connected() {
        return !accepted.isEmpty();
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket socket : accepted) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
