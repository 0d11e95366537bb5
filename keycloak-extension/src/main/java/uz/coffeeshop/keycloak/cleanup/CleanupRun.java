package uz.coffeeshop.keycloak.cleanup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;

/**
 * One cleanup run over one realm: the {@link CandidatePages reader} pages through the candidates and settles the
 * protected ones; the users that may be due go, in batches, to a few {@link BatchWorker workers}, each batch in a
 * transaction of its own; the run's counts become the report. Memory holds one page plus the batches in flight
 * whatever the number of users, and a crash loses at most the batches in flight (the next run redoes them).
 * Workers, because a removal is dozens of short statements: one thread spends most of its time waiting for the
 * database; several keep it and Keycloak busy (profiled). Each worker then pauses as {@link Pacing} says, so that a
 * run leaves CPU to logins. When even reading fails (the database is gone), the run
 * stops and says it is incomplete.
 */
final class CleanupRun {

    private static final Logger LOG = Logger.getLogger(CleanupRun.class);

    private final RunScope scope;
    /** The realm's run lock: the run stops before the next batch if it lost it, and gives it back with its report. */
    private final RealmRunLock lock;
    /** The run's counts; batches add theirs from several threads. */
    private final CleanupTally run = new CleanupTally();

    CleanupRun(RunScope scope, RealmRunLock lock) {
        this.scope = scope;
        this.lock = lock;
    }

    CleanupReport execute() {
        long started = Time.currentTimeMillis();
        boolean complete = true;
        int size = scope.options().batchSize();
        try (CleanupWorkers pool = new CleanupWorkers(scope.options().workers(), scope.realmName())) {
            if (!scope.mode().startedDry()) {
                new LegacySignUps(scope).prepare();
            }
            CandidatePages pages = new CandidatePages(scope);
            commit(pages.protectedOnes());
            BatchWorker worker = new BatchWorker(scope);
            Pacing pacing = new Pacing(scope.options().busyPercent());
            List<String> due = new ArrayList<>();
            String after = "";
            while (true) {
                CandidatePages.Page page = pages.after(after);
                commit(page.tally());
                due.addAll(page.due());
                while (due.size() >= size || (page.last() && !due.isEmpty())) {
                    if (!lock.held()) {
                        throw new IllegalStateException("another run took the realm's run lock over");
                    }
                    List<String> batch = List.copyOf(due.subList(0, Math.min(size, due.size())));
                    due.subList(0, batch.size()).clear();
                    pool.submit(() -> pacing.run(() -> commit(worker.work(batch))));
                }
                if (page.last()) {
                    break;
                }
                after = page.lastId();
            }
            pool.awaitAll();
        } catch (RuntimeException e) {
            complete = false;
            LOG.errorf(e, "Realm %s: cleanup run stopped early; the next run continues", scope.realmName());
            synchronized (run) {
                run.error("run stopped early: " + rootMessage(e));
            }
            scope.metrics().error(scope.realmName());
        }
        long finished = Time.currentTimeMillis();
        if (!scope.mode().startedDry()) {
            scope.metrics().run(scope.realmName(), Duration.ofMillis(finished - started));
        }
        CleanupReport report;
        synchronized (run) {
            report = report(started, finished, complete);
        }
        store(report);
        return report;
    }

    /** A batch's counts join the run's (and the metrics) once its transaction committed. */
    private void commit(CleanupTally tally) {
        synchronized (run) {
            run.add(tally);
        }
        if (!tally.dry && !scope.mode().startedDry()) {
            scope.metrics().committed(scope.realmName(), tally);
        }
    }

    private void store(CleanupReport report) {
        try {
            scope.inTransaction(in -> {
                if (in.realm() != null) {
                    CleanupStateEntity state = CleanupStates.locked(in.session(), scope.realmId());
                    ReportStore.save(state, report);
                    lock.giveBack(state);
                }
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "Realm %s: could not store the cleanup report %s", scope.realmName(), report);
        }
        LOG.infof(
                "Realm %s: cleanup %s%s%s examined %d, deleted %d, reminded %d, skipped %s, errors %d in %d ms",
                scope.realmName(),
                scope.trigger(),
                scope.mode().startedDry() ? " (dry run)" : "",
                scope.mode()
                        .turnedDryAt()
                        .map(at -> " (dry run from " + at + ")")
                        .orElse(""),
                report.examined(),
                report.deleted(),
                report.reminded(),
                report.skipped(),
                report.errors(),
                report.durationMillis());
    }

    private CleanupReport report(long started, long finished, boolean complete) {
        return new CleanupReport(
                scope.runId(),
                scope.realmName(),
                scope.trigger(),
                scope.mode().startedDry(),
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
                scope.mode().turnedDryAt().map(Instant::toString).orElse(null));
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
