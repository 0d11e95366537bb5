package uz.coffeeshop.it.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.ServerProcess;

/**
 * A redis-server of the test's own (Debian's binary) on a port of its choosing, no persistence, stopped by its PID
 * and started again on the same port: for what the machine's shared Redis must never be put through.
 */
final class OwnRedis implements AutoCloseable {

    private final int port;
    private final Path workDir;
    private ServerProcess process;

    OwnRedis(int port, Path workDir) {
        this.port = port;
        this.workDir = workDir;
    }

    int port() {
        return port;
    }

    OwnRedis start() {
        process = ServerProcess.start(
                "redis-" + port,
                List.of(
                        "redis-server",
                        "--port",
                        String.valueOf(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no"),
                workDir,
                Map.of(),
                workDir.resolve("redis-" + port + ".log"));
        Await.until("redis-server on port " + port + " answers PING", Duration.ofSeconds(20), this::answersPing);
        return this;
    }

    /** SIGTERM to its PID, and waits until it is gone. */
    void stop() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    /**
     * One field of a hash in the Redis on {@code port} ({@code HGET}), or {@code null}: how a test sees that a gateway
     * reported a bucket, rather than guessing from a counter other buckets move too.
     */
    static String hashField(int port, String key, String field) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(1000);
            String command = "*3\r\n$4\r\nHGET\r\n" + bulk(key) + bulk(field);
            socket.getOutputStream().write(command.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String header = line(in);
            if (!header.startsWith("$") || header.equals("$-1")) {
                return null;
            }
            return line(in);
        } catch (IOException e) {
            return null;
        }
    }

    private static String bulk(String text) {
        return "$" + text.getBytes(StandardCharsets.UTF_8).length + "\r\n" + text + "\r\n";
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(7);
            return new String(answer, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
