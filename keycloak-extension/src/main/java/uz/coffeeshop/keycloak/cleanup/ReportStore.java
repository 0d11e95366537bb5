package uz.coffeeshop.keycloak.cleanup;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/**
 * Keeps the last report, a short history of run summaries and the run under way in realm attributes.
 *
 * <p>Why there: every node of the cluster reads them (the realm lives in the database, and Keycloak invalidates
 * the cached realm on all nodes when it changes), they belong to the realm they describe, they need no table and no
 * schema migration of their own, and they are small (the user list is capped). The per-user record of a deletion is
 * the admin event, which Keycloak already stores and expires.
 */
final class ReportStore {

    static final String LAST_REPORT_ATTRIBUTE = "coffee.cleanup.lastReport";
    static final String HISTORY_ATTRIBUTE = "coffee.cleanup.history";
    static final String RUNNING_ATTRIBUTE = "coffee.cleanup.running";
    static final int HISTORY = 20;

    private static final Logger LOG = Logger.getLogger(ReportStore.class);
    private static final TypeReference<List<CleanupReport>> HISTORY_TYPE = new TypeReference<>() {};

    private ReportStore() {}

    static void save(RealmModel realm, CleanupReport report) {
        List<CleanupReport> history = new ArrayList<>(history(realm));
        history.add(0, report.summary());
        if (history.size() > HISTORY) {
            history.subList(HISTORY, history.size()).clear();
        }
        try {
            realm.setAttribute(LAST_REPORT_ATTRIBUTE, JsonSerialization.writeValueAsString(report));
            realm.setAttribute(HISTORY_ATTRIBUTE, JsonSerialization.writeValueAsString(history));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the cleanup report", e);
        }
        if (running(realm).filter(run -> run.id().equals(report.id())).isPresent()) {
            realm.removeAttribute(RUNNING_ATTRIBUTE);
        }
    }

    /** Marks {@code run} as under way (the realm's run lock is held): its report location answers it till the end. */
    static void started(RealmModel realm, RunningRun run) {
        try {
            realm.setAttribute(RUNNING_ATTRIBUTE, JsonSerialization.writeValueAsString(run));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the running cleanup", e);
        }
    }

    /**
     * The run under way, if any. A node that died in a run leaves its mark: the next run of the realm replaces it,
     * and until then the dead run's location keeps answering "running" (its report never comes).
     */
    static Optional<RunningRun> running(RealmModel realm) {
        return read(realm, RUNNING_ATTRIBUTE, RunningRun.class);
    }

    /** The report of run {@code id}: in full while it is the last, then its summary while the history has it. */
    static Optional<CleanupReport> report(RealmModel realm, String id) {
        return last(realm)
                .filter(report -> id.equals(report.id()))
                .or(() -> history(realm).stream()
                        .filter(report -> id.equals(report.id()))
                        .findFirst());
    }

    static Optional<CleanupReport> last(RealmModel realm) {
        return read(realm, LAST_REPORT_ATTRIBUTE, CleanupReport.class);
    }

    private static <T> Optional<T> read(RealmModel realm, String attribute, Class<T> type) {
        String json = realm.getAttribute(attribute);
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonSerialization.readValue(json, type));
        } catch (IOException e) {
            LOG.warnf("Realm %s: unreadable %s ignored: %s", realm.getName(), attribute, e.getMessage());
            return Optional.empty();
        }
    }

    static List<CleanupReport> history(RealmModel realm) {
        String json = realm.getAttribute(HISTORY_ATTRIBUTE);
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return JsonSerialization.readValue(json, HISTORY_TYPE);
        } catch (IOException e) {
            LOG.warnf("Realm %s: unreadable %s ignored: %s", realm.getName(), HISTORY_ATTRIBUTE, e.getMessage());
            return List.of();
        }
    }
}
