package uz.coffeeshop.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A slow SMTP server for the benchmark: a TCP proxy on loopback in front of a real one that holds back the server's
 * greeting of every connection for {@code delay}, so each mail costs at least that long to send, as with a slow or
 * distant provider. Everything else passes through unchanged.
 */
final class DelayingSmtpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "smtp-proxy");
        thread.setDaemon(true);
        return thread;
    });

    private DelayingSmtpProxy(ServerSocket listener) {
        this.listener = listener;
    }

    static DelayingSmtpProxy start(int upstreamPort, Duration delay) throws IOException {
        DelayingSmtpProxy proxy = new DelayingSmtpProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        proxy.threads.execute(() -> proxy.accept(upstreamPort, delay));
        return proxy;
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept(int upstreamPort, Duration delay) {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                threads.execute(() -> pump(upstream, client, delay));
                threads.execute(() -> pump(client, upstream, Duration.ZERO));
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    System.err.println("[bench] SMTP proxy: " + e);
                }
            }
        }
    }

    private static void pump(Socket from, Socket to, Duration firstByteDelay) {
        try (from;
                to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            boolean first = true;
            for (int read; (read = in.read(buffer)) >= 0; ) {
                if (first && !firstByteDelay.isZero()) {
                    Thread.sleep(firstByteDelay.toMillis());
                }
                first = false;
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // one side hung up: closing both (try-with-resources) ends the other pump too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        threads.shutdownNow();
    }
}
