package uz.coffeeshop.keycloak.api.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code GET /admin/mail/dead}: the mails the outbox gave up on, latest attempt first; never a body. */
public record DeadMailList(List<DeadMail> mails) {

    /** One dead mail; a time it lacks is absent. {@code retryable} while its link still works. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeadMail(
            String id,
            String recipient,
            String subject,
            int attempts,
            String createdAt,
            String lastAttemptAt,
            String linkExpiresAt,
            String error,
            boolean retryable) {}
}
