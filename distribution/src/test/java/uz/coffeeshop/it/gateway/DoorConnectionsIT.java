package uz.coffeeshop.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;

/**
 * What the door does with a caller's connection, over a raw socket as a client would use it: pipelined requests
 * are answered in their order, Keycloak's answers and the door's own alike; a caller that expects
 * {@code 100 Continue} gets it once the request passed the door, and a refusal without it instead.
 */
@CoffeeStackTest
class DoorConnectionsIT {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

    @Test
    void pipelinedRequestsAreAnsweredInTheirOrder(CoffeeStack stack) throws IOException {
        int port = stack.gateway().baseUrl().getPort();
        // All four keep the connection: Reactor Netty's server closes it after the answer under way as soon as it
        // has read a pipelined request saying "Connection: close" (its HttpTrafficHandler keeps a connection alive
        // only while the last request read allowed it), so the answers are read until the fourth status line.
        String requests = request("GET", "/api/openapi.json", "")
                + request("GET", "/api/no-such-thing", "")
                + request("DELETE", "/api/auth/signup", "")
                + request("GET", "/api/openapi.json", "");

        try (Socket socket = connect(port)) {
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.ISO_8859_1));
            String answers = readStatusLines(socket.getInputStream(), 4);

            assertThat(statuses(answers)).containsExactly(200, 404, 405, 200);
        }
    }

    @Test
    void aCallerExpecting100ContinueGetsItOnceTheRequestPassedTheDoor(CoffeeStack stack) throws IOException {
        int port = stack.gateway().baseUrl().getPort();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        try (Socket socket = connect(port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/auth/signup HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                            + "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: "
                            + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String interim = readUntilBlankLine(socket.getInputStream());
            out.write(body);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(interim).startsWith("HTTP/1.1 100 Continue");
            // Keycloak's own answer to an empty sign-up (a validation problem), not one of the door's.
            assertThat(statuses(answer)).containsExactly(400);
            assertThat(answer).doesNotContain("\"source\":\"gateway\"");
        }
    }

    @Test
    void aCallerExpecting100ContinueIsRefusedWithoutIt(CoffeeStack stack) throws IOException {
        int port = stack.gateway().baseUrl().getPort();

        try (Socket socket = connect(port)) {
            socket.getOutputStream()
                    .write(("PATCH /api/users/me HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                    + "Expect: 100-continue\r\nContent-Length: 2\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            // The door closes the connection after the refusal, since the body it did not ask for may not come.
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(statuses(answer)).containsExactly(401);
            assertThat(answer).contains("\"source\":\"gateway\"");
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String request(String method, String path, String headers) {
        String length = method.equals("GET") ? "" : "Content-Length: 0\r\n";
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + length + headers + "\r\n";
    }

    private static List<Integer> statuses(String answers) {
        List<Integer> statuses = new ArrayList<>();
        Matcher line = STATUS_LINE.matcher(answers);
        while (line.find()) {
            statuses.add(Integer.parseInt(line.group(1)));
        }
        return statuses;
    }

    /** What the connection sends until it has shown {@code count} status lines, or closes, or goes silent. */
    private static String readStatusLines(InputStream in, int count) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (statuses(read.toString(StandardCharsets.ISO_8859_1)).size() < count) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            read.write(buffer, 0, n);
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readUntilBlankLine(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (!read.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            read.write(next);
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }
}
