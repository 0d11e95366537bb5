package uz.coffeeshop.it.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SMTP server that takes a mail's envelope and then never answers its {@code DATA}: a node delivering to it sits in
 * its delivery attempt, holding that mail's lease, until its SMTP timeout. Lets a test kill a node exactly while it
 * holds a lease, and know whose mail it was.
 */
final class BlackHoleSmtp implements AutoCloseable {

    private static final Pattern RECIPIENT = Pattern.compile("(?i)^RCPT TO:\\s*<([^>]+)>");

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final List<String> recipients = new CopyOnWriteArrayList<>();

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
                Socket socket = server.accept();
                accepted.add(socket);
                Thread session = new Thread(() -> converse(socket), "black-hole-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Answers the envelope like a server, then falls silent at DATA. */
    private void converse(Socket socket) {
        try {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            reply(out, "220 black hole");
            for (String line; (line = in.readLine()) != null; ) {
                if (line.toUpperCase().startsWith("DATA")) {
                    return; // no answer: the client waits for its timeout, or for its death
                }
                Matcher recipient = RECIPIENT.matcher(line);
                if (recipient.find()) {
                    recipients.add(recipient.group(1));
                }
                reply(out, "250 OK");
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The recipient of the first mail whose delivery now hangs here, once one does. */
    Optional<String> heldRecipient() {
        return recipients.stream().findFirst();
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
