package uz.coffeeshop.keycloak.api.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET /admin/mail}: how many of the realm's mails wait (and retry), gave up or expired, since when the oldest
 * waits (absent when none does), and the last delivery errors.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MailStatus(
        long pending,
        long retrying,
        long dead,
        long expired,
        String oldestPendingSince,
        List<DeliveryError> lastErrors) {

    /** One failed delivery attempt; a field the outbox lacks is absent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeliveryError(
            String id, String recipient, String status, int attempts, String lastAttemptAt, String error) {}
}
