package uz.coffeeshop.it.pages;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Optional;

/** The HTML and the plain-text part of a mail, each on its own: both must say the same things. */
final class MailParts {

    private MailParts() {}

    static String html(MimeMessage message) {
        return part(message, "text/html").orElseThrow(() -> new AssertionError("no HTML part"));
    }

    static String plain(MimeMessage message) {
        return part(message, "text/plain").orElseThrow(() -> new AssertionError("no plain-text part"));
    }

    private static Optional<String> part(Part part, String type) {
        try {
            if (part.isMimeType(type)) {
                return Optional.of(String.valueOf(part.getContent()));
            }
            if (part.getContent() instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    Optional<String> found = part(multipart.getBodyPart(i), type);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
            return Optional.empty();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("unreadable mail", e);
        }
    }
}
