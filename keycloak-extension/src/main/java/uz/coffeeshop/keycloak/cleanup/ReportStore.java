package uz.coffeeshop.keycloak.cleanup;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/**
 * Keeps the last report, a short history of run summaries and the run under way in the realm's row of {@code
 * COFFEE_CLEANUP_STATE} ({@link CleanupStateEntity}, which says why not in realm attributes). Every node reads the
 * same row; it is small (the user list is capped). The per-user record of a deletion is the admin event, which
 * Keycloak already stores and expires.
 */
final class ReportStore {

    static final int HISTORY = 20;

    /** Where a version before the state table kept these: moved out of the realm at start (see {@link #moveOut}). */
    private static final String FORMER_LAST_REPORT = "coffee.cleanup.lastReport";

    private static final String FORMER_HISTORY = "coffee.cleanup.history";
    private static final List<String> FORMER_ATTRIBUTES =
            List.of(FORMER_LAST_REPORT, FORMER_HISTORY, "coffee.cleanup.running", "coffee.cleanup.runLock");

    private static final Logger LOG = Logger.getLogger(ReportStore.class);
    private static final TypeReference<List<CleanupReport>> HISTORY_TYPE = new TypeReference<>() {};

    private ReportStore() {}

    /** Stores {@code report} in the realm's row, locked by the caller, and ends its "running" mark. */
    static void save(CleanupStateEntity locked, CleanupReport report) {
        List<CleanupReport> history = new ArrayList<>(history(locked));
        history.add(0, report.summary());
        if (history.size() > HISTORY) {
            history.subList(HISTORY, history.size()).clear();
        }
        locked.lastReport = json(report);
        locked.history = json(history);
        if (read(locked, s -> s.running, RunningRun.class)
                .filter(run -> run.id().equals(report.id()))
                .isPresent()) {
            locked.running = null;
        }
    }

    /** Marks {@code run} as under way (the realm's run lock is held): its report location answers it till the end. */
    static void started(KeycloakSession session, String realmId, RunningRun run) {
        CleanupStates.locked(session, realmId).running = json(run);
    }

    /**
     * The run under way, if any. A node that died in a run leaves its mark: the next run of the realm replaces it,
     * and until then the dead run's location keeps answering "running" (its report never comes).
     */
    static Optional<RunningRun> running(KeycloakSession session, String realmId) {
        return CleanupStates.read(session, realmId).flatMap(state -> read(state, s -> s.running, RunningRun.class));
    }

    /** The report of run {@code id}: in full while it is the last, then its summary while the history has it. */
    static Optional<CleanupReport> report(KeycloakSession session, String realmId, String id) {
        return CleanupStates.read(session, realmId)
                .flatMap(state -> last(state)
                        .filter(report -> id.equals(report.id()))
                        .or(() -> history(state).stream()
                                .filter(report -> id.equals(report.id()))
                                .findFirst()));
    }

    static Optional<CleanupReport> last(KeycloakSession session, String realmId) {
        return CleanupStates.read(session, realmId).flatMap(ReportStore::last);
    }

    static List<CleanupReport> history(KeycloakSession session, String realmId) {
        return CleanupStates.read(session, realmId).map(ReportStore::history).orElse(List.of());
    }

    /**
     * At start, once per realm after an upgrade from the version that kept these in realm attributes: the last report
     * and the history move into the realm's row (unless it has its own already), and the attributes go, a stale
     * lease and "running" mark with them (nothing reads those any more). A cluster is upgraded all at once, as
     * Keycloak's own upgrades are: an older node beside a newer one would not see the newer one's lease.
     */
    static void moveOut(KeycloakSession session, RealmModel realm) {
        if (FORMER_ATTRIBUTES.stream().allMatch(name -> realm.getAttribute(name) == null)) {
            return;
        }
        CleanupStateEntity state = CleanupStates.locked(session, realm.getId());
        if (state.lastReport == null && state.history == null) {
            state.lastReport = realm.getAttribute(FORMER_LAST_REPORT);
            state.history = realm.getAttribute(FORMER_HISTORY);
        }
        FORMER_ATTRIBUTES.forEach(realm::removeAttribute);
        LOG.infof(
                "Realm %s: the cleanup's reports moved from realm attributes to COFFEE_CLEANUP_STATE", realm.getName());
    }

    private static Optional<CleanupReport> last(CleanupStateEntity state) {
        return read(state, s -> s.lastReport, CleanupReport.class);
    }

    private static List<CleanupReport> history(CleanupStateEntity state) {
        String json = state.history;
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return JsonSerialization.readValue(json, HISTORY_TYPE);
        } catch (IOException e) {
            LOG.warnf("Realm %s: unreadable cleanup history ignored: %s", state.realmId, e.getMessage());
            return List.of();
        }
    }

    private static <T> Optional<T> read(
            CleanupStateEntity state, Function<CleanupStateEntity, String> column, Class<T> type) {
        String json = column.apply(state);
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonSerialization.readValue(json, type));
        } catch (IOException e) {
            LOG.warnf(
                    "Realm %s: unreadable cleanup %s ignored: %s", state.realmId, type.getSimpleName(), e.getMessage());
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
}
