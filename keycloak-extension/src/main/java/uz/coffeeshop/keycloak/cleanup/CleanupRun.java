package uz.coffeeshop.keycloak.cleanup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.RealmModel;

/**
 * One cleanup run over one realm, on the calling thread: {@link DeletionCandidates} pages through the candidates
 * and settles the protected ones; the users that may be due go in batches to {@link CleanupBatch}, each batch in a
 * transaction of its own; the run's counts become the report. Memory holds one page and one batch whatever the
 * number of users, and a crash loses at most the batch in flight (the next run redoes it).
 *
 * <p>The run starts no batch after its scope's {@code until}: it then ends with a report marked incomplete, and
 * the next run goes on from the first candidate (users already removed are no longer read). When even reading
 * fails (the database is gone), the run stops and says it is incomplete too.
 */
final class CleanupRun {

    private static final Logger LOG = Logger.getLogger(CleanupRun.class);

    private final RunScope scope;
    private final CleanupTally run = new CleanupTally();
    /** The realm's dry-run switch when the run started: only a switch turned on since then makes the run dry. */
    private boolean switchOnAtStart;

    private Instant turnedDryAt;

    CleanupRun(RunScope scope) {
        this.scope = scope;
    }

    CleanupReport execute() {
        long started = Time.currentTimeMillis();
        boolean complete = true;
        try {
            switchOnAtStart = scope.withResult(in -> in.realm() != null
                    && CleanupPolicy.scheduledDryRun(in.realm(), scope.options().dryRun()));
            commit(DeletionCandidates.protectedOnes(scope));
            complete = removeDueUsers();
        } catch (RuntimeException e) {
            complete = false;
            LOG.errorf(e, "Realm %s: cleanup run stopped early; the next run continues", scope.realmName());
            run.error("run stopped early: " + rootMessage(e));
            scope.metrics().error(scope.realmName());
        }
        long finished = Time.currentTimeMillis();
        if (!scope.startedDry()) {
            scope.metrics().run(scope.realmName(), Duration.ofMillis(finished - started));
        }
        CleanupReport report = report(started, finished, complete);
        store(report);
        return report;
    }

    /** Pages through the candidates and works on the due ones batch by batch; false when the time was up first. */
    private boolean removeDueUsers() {
        int size = scope.options().batchSize();
        CleanupBatch batches = new CleanupBatch(scope, this::dryFrom);
        List<String> due = new ArrayList<>();
        String after = "";
        while (true) {
            DeletionCandidates.Page page = DeletionCandidates.page(scope, after);
            commit(page.tally());
            due.addAll(page.due());
            while (due.size() >= size || (page.last() && !due.isEmpty())) {
                if (Thread.currentThread().isInterrupted()) {
                    LOG.infof("Realm %s: the run was interrupted; the next run goes on", scope.realmName());
                    return false;
                }
                if (System.currentTimeMillis() >= scope.until()) {
                    LOG.infof("Realm %s: the run's time is up; the next run goes on", scope.realmName());
                    return false;
                }
                List<String> batch = List.copyOf(due.subList(0, Math.min(size, due.size())));
                due.subList(0, batch.size()).clear();
                commit(batches.work(batch));
            }
            if (page.last()) {
                return true;
            }
            after = page.lastId();
        }
    }

    /**
     * Whether the batch about to act in {@code realm} only counts, read per batch: an operator who switches dry run
     * on during a run stops its deletions from the next batch. A switch already on at the start changes nothing (a
     * manual run that changes users was asked for as such).
     */
    private boolean dryFrom(RealmModel realm) {
        if (scope.startedDry()) {
            return true;
        }
        if (turnedDryAt == null
                && !switchOnAtStart
                && CleanupPolicy.scheduledDryRun(realm, scope.options().dryRun())) {
            turnedDryAt = RunScope.now();
            LOG.infof("Realm %s: dry run switched on; this run only reports from now", scope.realmName());
        }
        return turnedDryAt != null;
    }

    /** A batch's counts join the run's (and the metrics) once its transaction committed. */
    private void commit(CleanupTally tally) {
        run.add(tally);
        if (!tally.dry && !scope.startedDry()) {
            scope.metrics().committed(scope.realmName(), tally);
        }
    }

    private void store(CleanupReport report) {
        try {
            scope.inTransaction(in -> {
                if (in.realm() != null) {
                    CleanupState.save(in.session(), scope.realmId(), report);
                }
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "Realm %s: could not store the cleanup report %s", scope.realmName(), report);
        }
        LOG.infof(
                "Realm %s: cleanup %s%s%s examined %d, deleted %d, reminded %d, skipped %s, errors %d in %d ms%s",
                scope.realmName(),
                scope.trigger().key(),
                scope.startedDry() ? " (dry run)" : "",
                turnedDryAt == null ? "" : " (dry run from " + turnedDryAt + ")",
                report.examined(),
                report.deleted(),
                report.reminded(),
                report.skipped(),
                report.errors(),
                report.durationMillis(),
                report.complete() ? "" : " (incomplete: the next run goes on)");
    }

    private CleanupReport report(long started, long finished, boolean complete) {
        return new CleanupReport(
                scope.runId(),
                scope.realmName(),
                scope.trigger(),
                scope.startedDry(),
                NodeName.get(),
                Instant.ofEpochMilli(started).toString(),
                Instant.ofEpochMilli(finished).toString(),
                finished - started,
                complete,
                run.examined,
                run.deleted,
                run.reminded,
                run.skippedByKey(),
                run.errors,
                List.copyOf(run.errorMessages),
                List.copyOf(run.users),
                turnedDryAt == null ? null : turnedDryAt.toString());
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
