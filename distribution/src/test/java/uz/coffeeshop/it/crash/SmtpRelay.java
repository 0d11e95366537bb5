package uz.coffeeshop.it.crash;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.ServerProcess;

/**
 * The SMTP server as Keycloak sees it, run as a process of its own so that a test can kill it with -9: a TCP relay on
 * a loopback port in front of the test's GreenMail. Killing it drops every SMTP session mid-way, as a crashed mail
 * server does, while what the relay had passed on stays countable in GreenMail (a killed GreenMail would take the
 * mails it had accepted with it, and the test could no longer tell a lost mail from a mail sent twice).
 */
final class SmtpRelay implements AutoCloseable {

    private final int port;
    private final List<String> command;
    private final Path workDir;
    private ServerProcess process;

    private SmtpRelay(int port, List<String> command, Path workDir) {
        this.port = port;
        this.command = command;
        this.workDir = workDir;
    }

    /** Starts a relay on {@code port} to the SMTP server on {@code targetPort}, both on 127.0.0.1. */
    static SmtpRelay start(Path workDir, int port, int targetPort) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes = Path.of(SmtpRelay.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .getPath())
                .toString();
        SmtpRelay relay = new SmtpRelay(
                port,
                List.of(
                        java,
                        "-Xmx32m",
                        "-cp",
                        classes,
                        SmtpRelay.class.getName(),
                        String.valueOf(port),
                        String.valueOf(targetPort)),
                workDir);
        relay.startProcess();
        return relay;
    }

    private void startProcess() {
        process = ServerProcess.start("SMTP relay", command, workDir, Map.of(), workDir.resolve("smtp-relay.log"));
        Await.until("the SMTP relay listens on " + port, Duration.ofSeconds(20), this::listens);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** kill -9 of the relay's JVM: every open SMTP session ends without a reply. */
    void kill() {
        process.kill();
    }

    void restart() {
        process.close();
        startProcess();
    }

    private boolean listens() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.close();
    }

    /** The relay process: {@code SmtpRelay <port> <targetPort>}. */
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int target = Integer.parseInt(args[1]);
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            System.out.println("relaying 127.0.0.1:" + port + " to 127.0.0.1:" + target);
            while (true) {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                pipe(client, upstream);
                pipe(upstream, client);
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the other side went away: close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
