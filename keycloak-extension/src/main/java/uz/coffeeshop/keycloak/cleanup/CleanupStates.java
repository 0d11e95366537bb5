package uz.coffeeshop.keycloak.cleanup;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** The rows of {@link CleanupStateEntity}: read as they are, or locked for a write in the caller's transaction. */
final class CleanupStates {

    private CleanupStates() {}

    /** The realm's state as committed, for answers; never from a cache. */
    static Optional<CleanupStateEntity> read(KeycloakSession session, String realmId) {
        return Optional.ofNullable(em(session).find(CleanupStateEntity.class, realmId));
    }

    /**
     * The realm's row, locked until the transaction ends; created (and flushed, so that a second node creating it
     * at the same moment fails on the primary key instead of overwriting it) when the realm has none yet.
     */
    static CleanupStateEntity locked(KeycloakSession session, String realmId) {
        EntityManager em = em(session);
        CleanupStateEntity state = em.find(CleanupStateEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
        if (state == null) {
            state = new CleanupStateEntity(realmId);
            em.persist(state);
            em.flush();
        }
        return state;
    }

    /** The realm is being removed: its state goes with it. */
    static void remove(KeycloakSession session, String realmId) {
        em(session)
                .createQuery("DELETE FROM CleanupStateEntity s WHERE s.realmId = :realm")
                .setParameter("realm", realmId)
                .executeUpdate();
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
