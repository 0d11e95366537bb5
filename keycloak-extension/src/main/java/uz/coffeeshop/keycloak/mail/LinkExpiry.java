package uz.coffeeshop.keycloak.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the links in a mail die. Keycloak's verify, reset and execute-actions links carry an action token (a JWT in
 * the {@code key} query parameter of {@code /login-actions/action-token}); its {@code exp} claim is the end of the
 * link's lifespan. A mail delivered after that would carry a dead link, so the outbox drops it instead.
 */
final class LinkExpiry {

    // The JWT's three base64url parts; in HTML the '&' before key may be written as &amp;.
    private static final Pattern ACTION_TOKEN =
            Pattern.compile("[?&;]key=([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]*)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private LinkExpiry() {}

    /** The earliest {@code exp} (epoch milliseconds) of the action tokens in {@code bodies}, if any. */
    static Optional<Long> earliest(String... bodies) {
        Long earliest = null;
        for (String body : bodies) {
            if (body == null) {
                continue;
            }
            Matcher matcher = ACTION_TOKEN.matcher(body);
            while (matcher.find()) {
                Optional<Long> exp = expiry(matcher.group(2));
                if (exp.isPresent() && (earliest == null || exp.get() < earliest)) {
                    earliest = exp.get();
                }
            }
        }
        return Optional.ofNullable(earliest);
    }

    private static Optional<Long> expiry(String payload) {
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(payload));
            JsonNode exp = claims == null ? null : claims.get("exp");
            return exp != null && exp.canConvertToLong() ? Optional.of(exp.asLong() * 1000) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // not a JWT after all: the mail has no expiry of its own
        }
    }
}
