package uz.coffeeshop.it.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import uz.coffeeshop.it.support.Http;

/**
 * One HTTP/1.1 request over a socket bound to a chosen local address ({@code 127.0.0.2}), so a test can be a
 * trusted proxy: Java's HTTP client can't choose the address it connects from.
 */
final class RawHttp {

    /** The status and the body, which is all these tests read. */
    record Answer(int status, String text) {

        /** A problem of the gateway's own door, as opposed to anything Keycloak answered. */
        boolean fromGateway() {
            return text.startsWith("{") && json().path("source").asText().equals("gateway");
        }

        JsonNode json() {
            try {
                return Http.JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }
    }

    private RawHttp() {}

    static Answer send(String from, int port, String method, String path, String headers, String body) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(10_000);
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            String request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n" + headers
                    + (content.length > 0 ? "Content-Type: application/json\r\n" : "")
                    + "Content-Length: " + content.length + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(content);
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(9, 12));
            int bodyStart = answer.indexOf("\r\n\r\n");
            return new Answer(status, bodyStart < 0 ? "" : answer.substring(bodyStart + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
