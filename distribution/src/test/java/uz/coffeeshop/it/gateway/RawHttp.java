package uz.coffeeshop.it.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uz.coffeeshop.it.support.ApiContract;
import uz.coffeeshop.it.support.Http;

/**
 * One HTTP/1.1 request over a socket bound to a chosen local address ({@code 127.0.0.2}), so a test can be a
 * trusted proxy: Java's HTTP client can't choose the address it connects from.
 * Its answers are held against the OpenAPI document, as {@link Http} holds the ones it gets.
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

    /** Checks the answer against the OpenAPI document, as {@link Http#send} does for the answers it gets. */
    private static void holdAgainstTheDocument(
            String method, int port, String target, int status, String head, String text) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim(), name -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        boolean chunked = headers.entrySet().stream()
                .anyMatch(header -> header.getKey().equalsIgnoreCase("Transfer-Encoding")
                        && header.getValue().contains("chunked"));
        // The path alone: a query these tests send on purpose may be one that java.net.URI refuses to parse.
        URI uri = URI.create("http://127.0.0.1:" + port + target.split("\\?", 2)[0]);
        ApiContract.shop().check(method, uri, status, headers, chunked ? dechunk(text) : text);
    }

    /** A chunked body's content (RFC 9112, 7.1), for the check; the answer keeps the text as read. */
    private static String dechunk(String text) {
        StringBuilder content = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = text.indexOf("\r\n", at);
            if (lineEnd < 0) {
                return content.toString();
            }
            int size = Integer.parseInt(
                    text.substring(at, lineEnd).split(";", 2)[0].trim(), 16);
            if (size == 0) {
                return content.toString();
            }
            // Sizes count bytes; the tests' bodies are ASCII, so characters are bytes here.
            content.append(text, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

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
            String text = bodyStart < 0 ? "" : answer.substring(bodyStart + 4);
            holdAgainstTheDocument(
                    method, port, path, status, bodyStart < 0 ? answer : answer.substring(0, bodyStart), text);
            return new Answer(status, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
