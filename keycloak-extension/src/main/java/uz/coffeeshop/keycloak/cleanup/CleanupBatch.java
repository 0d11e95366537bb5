package uz.coffeeshop.keycloak.cleanup;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.email.EmailException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.storage.UserStoragePrivateUtil;
import uz.coffeeshop.keycloak.config.ShopTimeZone;

/**
 * One batch of a run, in one transaction: the users the reader found possibly due, locked ({@code FOR UPDATE SKIP
 * LOCKED}: another run's users are left to it), judged again from the locked rows and acted on: a reminder goes,
 * a due user is removed through Keycloak's own {@link UserManager#removeUser} (its listeners, federation and caches
 * included, as the admin API does) and recorded as an admin event; a dry batch only counts. When the batch fails,
 * its users are retried one per transaction, so one user that cannot be removed is logged and reported instead of
 * ending the run.
 */
final class CleanupBatch {

    private static final Logger LOG = Logger.getLogger(CleanupBatch.class);

    private final RunScope scope;
    /** Whether a batch only counts, asked per batch from its own transaction's realm. */
    private final Predicate<RealmModel> dry;

    CleanupBatch(RunScope scope, Predicate<RealmModel> dry) {
        this.scope = scope;
        this.dry = dry;
    }

    /** The counts of the batch once committed (of the retries when the batch failed). */
    CleanupTally work(List<String> ids) {
        try {
            CleanupTally batch = new CleanupTally();
            scope.inTransaction(in -> act(in, ids, batch));
            return batch;
        } catch (RuntimeException failure) {
            LOG.warnf(failure, "Realm %s: a cleanup batch failed; retrying its users one by one", scope.realmName());
            CleanupTally oneByOne = new CleanupTally();
            for (String id : ids) {
                CleanupTally single = new CleanupTally();
                try {
                    scope.inTransaction(in -> act(in, List.of(id), single));
                    oneByOne.add(single);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Realm %s: cleanup of user %s failed", scope.realmName(), id);
                    oneByOne.error("user " + id + ": " + CleanupRun.rootMessage(e));
                }
            }
            return oneByOne;
        }
    }

    private void act(RunScope.RealmSession in, List<String> ids, CleanupTally tally) {
        if (in.realm() == null) {
            return;
        }
        in.session().getContext().setRealm(in.realm());
        in.session().getContext().setHttpRequest(new BackgroundRequest(scope.linkBase()));
        CleanupPolicy policy = scope.policy(in.realm());
        tally.dry = dry.test(in.realm());
        Instant now = RunScope.now();
        Optional<Instant> latest = policy.createdNoLaterThan(now);
        if (!policy.enabled() || latest.isEmpty()) {
            return;
        }
        EntityManager em = in.session().getProvider(JpaConnectionProvider.class).getEntityManager();
        List<UserFacts> locked =
                DeletionCandidates.locked(em, in.realm(), latest.get().toEpochMilli(), ids, !tally.dry);
        UserManager users = new UserManager(in.session());
        for (UserFacts candidate : locked) {
            CleanupVerdict verdict = CleanupVerdict.of(candidate, policy, now);
            switch (verdict.action()) {
                case SKIP -> tally.skip(verdict.rule());
                case WAIT -> {}
                case REMIND -> model(in, candidate).ifPresent(user -> remind(in, user, verdict, tally));
                case DELETE -> model(in, candidate).ifPresent(user -> remove(in, users, user, policy, verdict, tally));
            }
        }
    }

    /**
     * Keycloak's own store, not the user cache: a user about to go needs no cache entry built first (the removal
     * still goes through session.users(), which invalidates any cached copy cluster-wide).
     */
    private static Optional<UserModel> model(RunScope.RealmSession in, UserFacts candidate) {
        return Optional.ofNullable(
                UserStoragePrivateUtil.userLocalStorage(in.session()).getUserById(in.realm(), candidate.id()));
    }

    private void remind(RunScope.RealmSession in, UserModel user, CleanupVerdict verdict, CleanupTally tally) {
        if (!tally.dry) {
            try {
                VerificationReminder.send(in.session(), in.realm(), user, verdict.deadline());
            } catch (EmailException e) {
                // Not reminded, so not deleted either: the next run tries again.
                LOG.warnf("Realm %s: reminder to user %s failed: %s", scope.realmName(), user.getId(), e.getMessage());
                tally.error("reminder to " + user.getId() + ": " + CleanupRun.rootMessage(e));
                return;
            }
        }
        tally.reminded++;
        tally.user(line(in, user.getId(), user.getEmail(), "reminded", verdict));
    }

    /**
     * Keycloak's own removal of a due user, recorded as an admin event (a dry batch only counts); a failure undoes
     * the whole batch.
     */
    private void remove(
            RunScope.RealmSession in,
            UserManager users,
            UserModel user,
            CleanupPolicy policy,
            CleanupVerdict verdict,
            CleanupTally tally) {
        String email = user.getEmail();
        if (!tally.dry) {
            if (!users.removeUser(in.realm(), user)) {
                return;
            }
            String reason = "e-mail address never verified; deadline "
                    + verdict.deadline() + " (lifetime "
                    + policy.lifetime().toMinutes() + " min) passed";
            DeletionAudit.deleted(in.session(), in.realm(), scope.actor(), user.getId(), email, reason);
        }
        tally.deleted++;
        tally.user(line(in, user.getId(), email, "deleted", verdict));
    }

    private static CleanupReport.UserLine line(
            RunScope.RealmSession in, String id, String email, String action, CleanupVerdict verdict) {
        return new CleanupReport.UserLine(id, email, action, ShopTimeZone.format(verdict.deadline(), in.realm()));
    }
}
