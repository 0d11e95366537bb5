package uz.coffeeshop.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A small JSON-over-HTTP client for the tests: real requests, whole responses back for assertions. Every answer of the
 * API is held against its OpenAPI document first ({@link ApiContract}).
 */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Http() {}

    /** A response with its body parsed as JSON where it is JSON ({@code null} body otherwise). */
    public record Response(int status, java.net.http.HttpHeaders headers, String text) {

        public JsonNode json() {
            try {
                return text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + text, e);
            }
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }

        @Override
        public String toString() {
            return status + " " + contentType() + " " + text;
        }
    }

    public static Response get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    public static Response get(URI uri, String bearerToken) {
        return send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + bearerToken)
                .GET());
    }

    /** Sends a request; a JSON body is set by the caller with {@link #jsonBody(Object)}. */
    public static Response send(HttpRequest.Builder request) {
        return send(request, Duration.ofSeconds(60));
    }

    /** As {@link #send(HttpRequest.Builder)}, for a request that may take longer than a minute (a long run). */
    public static Response send(HttpRequest.Builder request, Duration timeout) {
        HttpRequest sent = request.timeout(timeout).build();
        HttpResponse<String> response = exchange(sent);
        ApiContract.shop().check(sent, response);
        return new Response(response.statusCode(), response.headers(), response.body());
    }

    /**
     * A GET of a web API that is not the shop's, which the OpenAPI document does not describe: GreenMail's
     * {@code /api/user/...} behind a mail catcher's port, whose paths look like the gateway's.
     */
    public static Response getOutsideTheShop(URI uri) {
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(uri)
                .GET()
                .timeout(Duration.ofSeconds(60))
                .build());
        return new Response(response.statusCode(), response.headers(), response.body());
    }

    private static HttpResponse<String> exchange(HttpRequest sent) {
        try {
            return CLIENT.send(sent, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpRequest.BodyPublisher jsonBody(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HttpRequest.BodyPublisher form(String... pairs) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (form.length() > 0) {
                form.append('&');
            }
            form.append(encode(pairs[i])).append('=').append(encode(pairs[i + 1]));
        }
        return HttpRequest.BodyPublishers.ofString(form.toString());
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
