package uz.coffeeshop.keycloak.cleanup;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.UserModel;
import org.keycloak.storage.UserStoragePrivateUtil;

/**
 * The batch worker of a run: the users the reader found possibly due, locked ({@code FOR UPDATE SKIP LOCKED}:
 * another run's users are left to it), judged again from the locked rows (the admin role from the user model) and
 * acted on, in one transaction; the due ones removed together the way the option {@value CleanupOptions#REMOVAL}
 * says. When the batch fails (a batch removal whose counts do not add up among the causes), its users are retried
 * one per transaction with Keycloak's own removal, so one user that cannot be removed is logged and reported
 * instead of ending the run.
 */
final class BatchWorker {

    private static final Logger LOG = Logger.getLogger(BatchWorker.class);

    private final RunScope scope;
    private final VerdictApplication application;

    BatchWorker(RunScope scope) {
        this.scope = scope;
        this.application = new VerdictApplication(scope);
    }

    /** The counts of the batch once committed (of the retries when the batch failed). */
    CleanupTally work(List<String> ids) {
        try {
            CleanupTally batch = new CleanupTally();
            scope.inTransaction(in -> act(in, ids, batch, scope.options().removal()));
            return batch;
        } catch (RuntimeException failure) {
            if (mismatch(failure)) {
                LOG.warnf("Realm %s: %s; removing its users one by one", scope.realmName(), failure.getMessage());
            } else {
                LOG.warnf(
                        failure, "Realm %s: a cleanup batch failed; retrying its users one by one", scope.realmName());
            }
            return oneByOne(ids);
        }
    }

    private CleanupTally oneByOne(List<String> ids) {
        CleanupTally oneByOne = new CleanupTally();
        for (String id : ids) {
            CleanupTally single = new CleanupTally();
            try {
                scope.inTransaction(in -> act(in, List.of(id), single, Removal.KEYCLOAK));
                oneByOne.add(single);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Realm %s: cleanup of user %s failed", scope.realmName(), id);
                oneByOne.error("user " + id + ": " + CleanupRun.rootMessage(e));
            }
        }
        return oneByOne;
    }

    private static boolean mismatch(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof BatchRemoval.CountMismatch) {
                return true;
            }
        }
        return false;
    }

    private void act(RunScope.RealmSession in, List<String> ids, CleanupTally tally, Removal removal) {
        if (in.realm() == null) {
            return;
        }
        in.session().getContext().setRealm(in.realm());
        in.session().getContext().setHttpRequest(new BackgroundRequest(scope.linkBase()));
        CleanupPolicy policy = scope.policy(in.realm());
        scope.mode().recheck(in.realm(), scope.options());
        // Decided once per batch: a switch another worker sees meanwhile counts from the next batch.
        tally.dry = scope.dryRun();
        Instant now = RunScope.now();
        Optional<Instant> latest = policy.createdNoLaterThan(now);
        if (!policy.enabled() || latest.isEmpty()) {
            return;
        }
        EntityManager em = in.session().getProvider(JpaConnectionProvider.class).getEntityManager();
        DueRemovals removals = new DueRemovals(scope, in, removal);
        List<UserFacts> locked = DeletionCandidates.next(
                em, scope.realmId(), latest.get().toEpochMilli(), "", ids, ids.size(), !tally.dry);
        // The re-check only reads, user by user (a reminder's attribute is written and not read again): queries need
        // not flush first, and with auto-flush each one dirty-checked every user the batch had loaded before it.
        FlushModeType flushing = em.getFlushMode();
        em.setFlushMode(FlushModeType.COMMIT);
        try {
            judge(in, policy, now, locked, tally, removals);
        } finally {
            em.setFlushMode(flushing);
        }
        removals.carryOut(tally);
    }

    private void judge(
            RunScope.RealmSession in,
            CleanupPolicy policy,
            Instant now,
            List<UserFacts> locked,
            CleanupTally tally,
            DueRemovals removals) {
        for (UserFacts candidate : locked) {
            CleanupVerdict cheap = CleanupVerdict.of(candidate, policy, now);
            if (cheap.action() == CleanupVerdict.Action.SKIP) {
                tally.skip(cheap.rule());
                continue;
            }
            if (cheap.action() == CleanupVerdict.Action.WAIT) {
                continue;
            }
            // Keycloak's own store, not the user cache: a user about to go needs no cache entry built first (the
            // removal still goes through session.users(), which invalidates any cached copy cluster-wide).
            UserModel user =
                    UserStoragePrivateUtil.userLocalStorage(in.session()).getUserById(in.realm(), candidate.id());
            if (user != null) {
                // The batch's own read is as fresh as the model's (same transaction; locked when it deletes); only
                // the admin role needs the model. Reading the rest again from it cost two queries and the attributes'
                // load per user, a third of a batch's CPU (profile of 2026-12-02).
                CleanupVerdict verdict = CleanupVerdict.of(candidate.withAdminOf(in.realm(), user), policy, now);
                application.apply(in, policy, user, verdict, tally, removals);
            }
        }
    }
}
