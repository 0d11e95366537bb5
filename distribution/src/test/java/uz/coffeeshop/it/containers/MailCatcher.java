package uz.coffeeshop.it.containers;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.Http;

/** The compose stack's mail catcher seen from the host: GreenMail's web API on the published mail port. */
final class MailCatcher {

    private final URI base;

    MailCatcher(URI base) {
        this.base = base;
    }

    /** Waits for the first mail to {@code recipient} and parses it as it was sent. */
    MimeMessage awaitMessage(String recipient, Duration timeout) {
        URI messages = base.resolve("/api/user/" + URLEncoder.encode(recipient, StandardCharsets.UTF_8) + "/messages/");
        // Not Http.get: that holds every answer under /api/ against the shop's OpenAPI document.
        JsonNode list = Await.until(
                        () -> Http.getOutsideTheShop(messages),
                        answer -> answer.status() == 200 && answer.json().size() > 0,
                        Duration.ofMillis(500),
                        timeout)
                .json();
        return parse(list.get(0).path("mimeMessage").asText());
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
