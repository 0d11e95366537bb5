package uz.coffeeshop.keycloak.cleanup;

import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.util.JsonSerialization;

/**
 * The last report and a short history of run summaries of a realm, in its row of {@code COFFEE_CLEANUP_STATE}
 * ({@link CleanupStateEntity}, which says why not in realm attributes). Every node reads the same row, never from
 * a cache; it is small (the user list is capped). The per-user record of a deletion is the admin event, which
 * Keycloak already stores and expires.
 */
final class CleanupState {

    static final int HISTORY = 20;

    private static final Logger LOG = Logger.getLogger(CleanupState.class);
    private static final TypeReference<List<CleanupReport>> HISTORY_TYPE = new TypeReference<>() {};

    private CleanupState() {}

    /**
     * Stores {@code report} as the realm's last and adds its summary to the history, in the realm's row locked
     * first ({@code FOR UPDATE}: Hibernate writes every column back, so two writers must not interleave). The row is
     * created (and flushed, so that a second node creating it at the same moment fails on the primary key instead
     * of overwriting it) when the realm has none yet.
     */
    static void save(KeycloakSession session, String realmId, CleanupReport report) {
        EntityManager em = em(session);
        CleanupStateEntity state = em.find(CleanupStateEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
        if (state == null) {
            state = new CleanupStateEntity(realmId);
            em.persist(state);
            em.flush();
        }
        List<CleanupReport> history = new ArrayList<>(history(state));
        history.add(0, report.summary());
        if (history.size() > HISTORY) {
            history.subList(HISTORY, history.size()).clear();
        }
        state.lastReport = json(report);
        state.history = json(history);
    }

    /** The report of run {@code id}: in full while it is the last, then its summary while the history has it. */
    static Optional<CleanupReport> report(KeycloakSession session, String realmId, String id) {
        return read(session, realmId)
                .flatMap(state -> last(state)
                        .filter(report -> id.equals(report.id()))
                        .or(() -> history(state).stream()
                                .filter(report -> id.equals(report.id()))
                                .findFirst()));
    }

    static Optional<CleanupReport> last(KeycloakSession session, String realmId) {
        return read(session, realmId).flatMap(CleanupState::last);
    }

    static List<CleanupReport> history(KeycloakSession session, String realmId) {
        return read(session, realmId).map(CleanupState::history).orElse(List.of());
    }

    /** The realm is being removed: its state goes with it. */
    static void remove(KeycloakSession session, String realmId) {
        read(session, realmId).ifPresent(em(session)::remove);
    }

    private static Optional<CleanupStateEntity> read(KeycloakSession session, String realmId) {
        return Optional.ofNullable(em(session).find(CleanupStateEntity.class, realmId));
    }

    private static Optional<CleanupReport> last(CleanupStateEntity state) {
        return parse(state, state.lastReport, new TypeReference<CleanupReport>() {});
    }

    private static List<CleanupReport> history(CleanupStateEntity state) {
        return parse(state, state.history, HISTORY_TYPE).orElse(List.of());
    }

    private static <T> Optional<T> parse(CleanupStateEntity state, String json, TypeReference<T> type) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonSerialization.readValue(json, type));
        } catch (IOException e) {
            LOG.warnf("Realm %s: unreadable cleanup report ignored: %s", state.realmId, e.getMessage());
            return Optional.empty();
        }
    }

    private static String json(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot write the cleanup's " + value.getClass().getSimpleName(), e);
        }
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
