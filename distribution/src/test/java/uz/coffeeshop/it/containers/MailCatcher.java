package uz.coffeeshop.it.containers;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.Http;

/**
 * The compose stack's mail catcher seen from the host: GreenMail's web API on the published mail port. Read with a
 * client of its own, not {@link Http}, which holds every answer of a path under {@code /api/} against the shop's
 * OpenAPI document: GreenMail's {@code /api/user/...} is not the shop's API.
 */
final class MailCatcher {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    MailCatcher(URI base) {
        this.base = base;
    }

    /** Waits for the first mail to {@code recipient} and parses it as it was sent. */
    MimeMessage awaitMessage(String recipient, Duration timeout) {
        URI messages = base.resolve("/api/user/" + URLEncoder.encode(recipient, StandardCharsets.UTF_8) + "/messages/");
        JsonNode list =
                Await.until(() -> messages(messages), found -> found.size() > 0, Duration.ofMillis(500), timeout);
        return parse(list.get(0).path("mimeMessage").asText());
    }

    /** The mails GreenMail holds for a recipient; none while it answers anything but 200 (no such user yet). */
    private static JsonNode messages(URI messages) {
        try {
            HttpResponse<String> answer = CLIENT.send(
                    HttpRequest.newBuilder(messages)
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? Http.JSON.readTree(answer.body()) : Http.JSON.createArrayNode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static MimeMessage parse(String raw) {
        try {
            return new MimeMessage(
                    Session.getInstance(new Properties()),
                    new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        } catch (MessagingException e) {
            throw new AssertionError("the catcher's mail does not parse: " + raw, e);
        }
    }
}
