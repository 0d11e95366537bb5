package uz.coffeeshop.keycloak.mail;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One e-mail in the outbox table {@code COFFEE_MAIL_OUTBOX} (created by {@code META-INF/coffee-mail-changelog.xml}).
 * A row is written in the transaction of the request that sends the mail and deleted once SMTP accepted it; rows
 * that could not be delivered stay as {@code DEAD} or {@code EXPIRED} for the operator until the retention ends.
 * Times are epoch milliseconds of Keycloak's clock. The long columns are CLOB (TEXT on PostgreSQL) read as plain
 * strings: no {@code @Lob}, which Hibernate would map to large objects ({@code oid}) on PostgreSQL.
 */
@Entity
@Table(name = "COFFEE_MAIL_OUTBOX")
public class OutboxMessageEntity {

    static final String PENDING = "PENDING";
    static final String DEAD = "DEAD";
    static final String EXPIRED = "EXPIRED";

    @Id
    @Column(name = "ID", length = 36)
    String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    String realmId;

    @Column(name = "RECIPIENT", nullable = false)
    String recipient;

    @Column(name = "SUBJECT")
    String subject;

    @Column(name = "TEXT_BODY")
    String textBody;

    @Column(name = "HTML_BODY")
    String htmlBody;

    /** The realm's SMTP settings when the mail was written, as JSON, without secrets (read at delivery). */
    @Column(name = "SMTP_CONFIG", nullable = false)
    String smtpConfig;

    @Column(name = "STATUS", length = 16, nullable = false)
    String status;

    @Column(name = "CREATED_AT", nullable = false)
    long createdAt;

    /** When the earliest action-token link inside dies; null when the mail carries none. */
    @Column(name = "EXPIRES_AT")
    Long expiresAt;

    @Column(name = "ATTEMPTS", nullable = false)
    int attempts;

    @Column(name = "NEXT_ATTEMPT_AT", nullable = false)
    long nextAttemptAt;

    /** The delivery run that holds the message, and until when; another run may take it only after that. */
    @Column(name = "LEASE_OWNER", length = 64)
    String leaseOwner;

    @Column(name = "LEASE_UNTIL")
    Long leaseUntil;

    @Column(name = "LAST_ERROR", length = 1000)
    String lastError;

    @Column(name = "LAST_ATTEMPT_AT")
    Long lastAttemptAt;

    public OutboxMessageEntity() {}
}
