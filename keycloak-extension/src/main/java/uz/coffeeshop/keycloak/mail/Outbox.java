package uz.coffeeshop.keycloak.mail;

import jakarta.persistence.EntityManager;
import java.util.List;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The outbox table's queries, on the session's entity manager (so in the session's transaction). Claims are
 * conditional updates, which every database Keycloak supports executes atomically: two nodes that race for one row
 * see one update count of 1 and one of 0, so only one of them sends it (no {@code SKIP LOCKED}, which H2 lacks).
 */
final class Outbox {

    private final EntityManager em;

    private Outbox(EntityManager em) {
        this.em = em;
    }

    static Outbox of(KeycloakSession session) {
        return new Outbox(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    void add(OutboxMessageEntity message) {
        em.persist(message);
    }

    /** Ids of pending messages that are due and not held by another run, oldest due first. */
    List<String> due(long now, int limit) {
        return em.createQuery(
                        "select m.id from OutboxMessageEntity m where m.status = :pending and m.nextAttemptAt <= :now"
                                + " and (m.leaseUntil is null or m.leaseUntil < :now) order by m.nextAttemptAt",
                        String.class)
                .setParameter("pending", OutboxMessageEntity.PENDING)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList();
    }

    /** Takes {@code id} for {@code owner} until {@code leaseUntil}; false when another run got it first. */
    boolean claim(String id, String owner, long now, long leaseUntil) {
        return em.createQuery("update OutboxMessageEntity m set m.leaseOwner = :owner, m.leaseUntil = :until"
                                + " where m.id = :id and m.status = :pending"
                                + " and (m.leaseUntil is null or m.leaseUntil < :now)")
                        .setParameter("owner", owner)
                        .setParameter("until", leaseUntil)
                        .setParameter("id", id)
                        .setParameter("pending", OutboxMessageEntity.PENDING)
                        .setParameter("now", now)
                        .executeUpdate()
                == 1;
    }

    /**
     * Extends {@code owner}'s lease on {@code id} to {@code leaseUntil} if it still holds it and the lease has not run
     * out; false otherwise (another run may have taken the message since).
     */
    boolean renew(String id, String owner, long now, long leaseUntil) {
        return em.createQuery("update OutboxMessageEntity m set m.leaseUntil = :until"
                                + " where m.id = :id and m.leaseOwner = :owner and m.status = :pending"
                                + " and m.leaseUntil >= :now")
                        .setParameter("until", leaseUntil)
                        .setParameter("id", id)
                        .setParameter("owner", owner)
                        .setParameter("pending", OutboxMessageEntity.PENDING)
                        .setParameter("now", now)
                        .executeUpdate()
                == 1;
    }

    /** The message if {@code owner} still holds it (its lease may have run out and gone to another run). */
    OutboxMessageEntity held(String id, String owner) {
        OutboxMessageEntity message = em.find(OutboxMessageEntity.class, id);
        return message != null && owner.equals(message.leaseOwner) && OutboxMessageEntity.PENDING.equals(message.status)
                ? message
                : null;
    }

    /** Sent: the row goes, so a sent mail can never be sent again and the table holds only what needs care. */
    void remove(OutboxMessageEntity message) {
        em.remove(message);
    }

    long count(String status) {
        return em.createQuery("select count(m) from OutboxMessageEntity m where m.status = :status", Long.class)
                .setParameter("status", status)
                .getSingleResult();
    }

    long count(String realmId, String status) {
        return em.createQuery(
                        "select count(m) from OutboxMessageEntity m where m.realmId = :realm and m.status = :status",
                        Long.class)
                .setParameter("realm", realmId)
                .setParameter("status", status)
                .getSingleResult();
    }

    Long oldestPending(String realmId) {
        return em.createQuery(
                        "select min(m.createdAt) from OutboxMessageEntity m where m.realmId = :realm and m.status = :pending",
                        Long.class)
                .setParameter("realm", realmId)
                .setParameter("pending", OutboxMessageEntity.PENDING)
                .getSingleResult();
    }

    /** The realm's messages that failed at least once, latest attempt first. */
    List<OutboxMessageEntity> lastErrors(String realmId, int limit) {
        return em.createQuery(
                        "select m from OutboxMessageEntity m where m.realmId = :realm and m.lastError is not null"
                                + " order by m.lastAttemptAt desc",
                        OutboxMessageEntity.class)
                .setParameter("realm", realmId)
                .setMaxResults(limit)
                .getResultList();
    }

    /**
     * Waiting mails whose earliest link is dead become EXPIRED without their bodies, whether or not their next attempt
     * is due (a mail in backoff during an SMTP outage would otherwise keep a link past its lifespan); a row held by a
     * delivery run is left to that run, which checks the link first. Also clears any body left on EXPIRED rows and
     * on DEAD rows whose link died (a DEAD mail keeps its body only while an admin could still retry it). Returns how
     * many waiting mails expired.
     */
    int expireLapsedLinks(long now) {
        int expired = em.createQuery("update OutboxMessageEntity m set m.status = :expired, m.textBody = null,"
                        + " m.htmlBody = null, m.lastError = :error, m.lastAttemptAt = :now"
                        + " where m.status = :pending and m.expiresAt <= :now"
                        + " and (m.leaseUntil is null or m.leaseUntil < :now)")
                .setParameter("expired", OutboxMessageEntity.EXPIRED)
                .setParameter("error", "the link expired before the mail could be sent")
                .setParameter("now", now)
                .setParameter("pending", OutboxMessageEntity.PENDING)
                .executeUpdate();
        em.createQuery("update OutboxMessageEntity m set m.textBody = null, m.htmlBody = null"
                        + " where (m.status = :expired or (m.status = :dead and m.expiresAt <= :now))"
                        + " and (m.textBody is not null or m.htmlBody is not null)")
                .setParameter("dead", OutboxMessageEntity.DEAD)
                .setParameter("expired", OutboxMessageEntity.EXPIRED)
                .setParameter("now", now)
                .executeUpdate();
        return expired;
    }

    long countRetrying(String realmId) {
        return em.createQuery(
                        "select count(m) from OutboxMessageEntity m where m.realmId = :realm and m.status = :pending"
                                + " and m.attempts > 0",
                        Long.class)
                .setParameter("realm", realmId)
                .setParameter("pending", OutboxMessageEntity.PENDING)
                .getSingleResult();
    }

    /** The realm's DEAD messages, latest attempt first. */
    List<OutboxMessageEntity> dead(String realmId, int limit) {
        return em.createQuery(
                        "select m from OutboxMessageEntity m where m.realmId = :realm and m.status = :dead"
                                + " order by m.lastAttemptAt desc",
                        OutboxMessageEntity.class)
                .setParameter("realm", realmId)
                .setParameter("dead", OutboxMessageEntity.DEAD)
                .setMaxResults(limit)
                .getResultList();
    }

    OutboxMessageEntity find(String id) {
        return em.find(OutboxMessageEntity.class, id);
    }

    /**
     * Puts a DEAD message of the realm back in the queue, due now, with the realm's current SMTP settings, if it
     * still has its body and its link still works at {@code now}; a conditional update, so two admins retrying at
     * once queue it once. Returns whether it did.
     */
    boolean requeueDead(String id, String realmId, String smtpConfig, long now) {
        return em.createQuery("update OutboxMessageEntity m set m.status = :pending, m.attempts = 0,"
                                + " m.nextAttemptAt = :now, m.smtpConfig = :config, m.leaseOwner = null,"
                                + " m.leaseUntil = null where m.id = :id and m.realmId = :realm and m.status = :dead"
                                + " and (m.textBody is not null or m.htmlBody is not null)"
                                + " and (m.expiresAt is null or m.expiresAt > :now)")
                        .setParameter("pending", OutboxMessageEntity.PENDING)
                        .setParameter("now", now)
                        .setParameter("config", smtpConfig)
                        .setParameter("id", id)
                        .setParameter("realm", realmId)
                        .setParameter("dead", OutboxMessageEntity.DEAD)
                        .executeUpdate()
                == 1;
    }

    /** Deletes DEAD and EXPIRED messages last touched before {@code before}; returns how many. */
    int purgeFinishedBefore(long before) {
        return em.createQuery("delete from OutboxMessageEntity m where m.status in (:dead, :expired)"
                        + " and coalesce(m.lastAttemptAt, m.createdAt) < :before")
                .setParameter("dead", OutboxMessageEntity.DEAD)
                .setParameter("expired", OutboxMessageEntity.EXPIRED)
                .setParameter("before", before)
                .executeUpdate();
    }
}
