package uz.coffeeshop.keycloak.cleanup;

import jakarta.persistence.EntityManager;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.email.EmailException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.storage.UserStoragePrivateUtil;
import uz.coffeeshop.keycloak.config.ShopTimeZone;

/**
 * One cleanup run over one realm. A reader pages through the candidates (keyset paging, no locks), counts them as
 * examined and settles the ones a rule protects; the users that may be due (delete or remind) go, in batches, to a
 * few workers, each batch in a transaction of its own that locks its rows, looks at them again and acts. Memory
 * holds one page plus the batches in flight whatever the number of users, and a crash loses at most the batches in
 * flight (the next run redoes them). Workers, because a removal is dozens of short statements: one thread spends
 * most of its time waiting for the database; several keep it and Keycloak busy (profiled).
 *
 * <p>When a batch fails, its users are retried one per transaction, so one user that cannot be removed is logged and
 * reported instead of ending the run; when even reading the candidates fails (the database is gone), the run stops
 * and says it is incomplete.
 */
final class CleanupRun {

    private static final Logger LOG = Logger.getLogger(CleanupRun.class);
    /** At most this many verified users get their ever-verified marker per run (a one-off backfill spreads out). */
    private static final int MARKER_BATCHES_PER_RUN = 20;

    private final KeycloakSessionFactory factory;
    private final String realmId;
    private final String realmName;
    private final boolean dryRun;
    private final String trigger;
    private final int batchSize;
    private final int workers;
    private final URI linkBase;
    private final CleanupActor actor;
    private final CleanupMetrics metrics;
    /** The run's counts; batches add theirs from several threads. */
    private final CleanupTally run = new CleanupTally();

    CleanupRun(
            KeycloakSessionFactory factory,
            RealmModel realm,
            boolean dryRun,
            String trigger,
            CleanupOptions options,
            URI linkBase,
            CleanupActor actor,
            CleanupMetrics metrics) {
        this.factory = factory;
        this.realmId = realm.getId();
        this.realmName = realm.getName();
        this.dryRun = dryRun;
        this.trigger = trigger;
        this.batchSize = options.batchSize();
        this.workers = options.workers();
        this.linkBase = linkBase;
        this.actor = actor;
        this.metrics = metrics;
    }

    CleanupReport execute() {
        long started = Time.currentTimeMillis();
        boolean complete = true;
        try (CleanupWorkers pool = new CleanupWorkers(workers, realmName)) {
            if (!dryRun) {
                markVerifiedUsers();
            }
            List<String> due = new ArrayList<>();
            String after = "";
            while (true) {
                Page page = readPage(after);
                due.addAll(page.due);
                while (due.size() >= batchSize || (page.last && !due.isEmpty())) {
                    List<String> batch = List.copyOf(due.subList(0, Math.min(batchSize, due.size())));
                    due.subList(0, batch.size()).clear();
                    pool.submit(() -> processBatch(batch));
                }
                if (page.last) {
                    break;
                }
                after = page.lastId;
            }
            pool.awaitAll();
        } catch (RuntimeException e) {
            complete = false;
            LOG.errorf(e, "Realm %s: cleanup run stopped early; the next run continues", realmName);
            synchronized (run) {
                run.error("run stopped early: " + rootMessage(e));
            }
            metrics.error(realmName);
        }
        long finished = Time.currentTimeMillis();
        if (!dryRun) {
            metrics.run(realmName, Duration.ofMillis(finished - started));
        }
        CleanupReport report;
        synchronized (run) {
            report = report(run, started, finished, complete);
        }
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm != null) {
                    ReportStore.save(realm, report);
                }
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "Realm %s: could not store the cleanup report %s", realmName, report);
        }
        LOG.infof(
                "Realm %s: cleanup %s%s examined %d, deleted %d, reminded %d, skipped %s, errors %d in %d ms",
                realmName,
                trigger,
                dryRun ? " (dry run)" : "",
                report.examined(),
                report.deleted(),
                report.reminded(),
                report.skipped(),
                report.errors(),
                report.durationMillis());
        return report;
    }

    /** One page of candidates after {@code after}, read without locks; what the facts alone settle is counted. */
    private Page readPage(String after) {
        CleanupTally tally = new CleanupTally();
        Page page = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            CleanupPolicy policy = realm == null ? null : CleanupPolicy.forRealm(realm);
            Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
            Optional<Instant> latest = policy == null ? Optional.empty() : policy.createdNoLaterThan(now);
            if (policy == null || !policy.enabled() || latest.isEmpty()) {
                return new Page(List.of(), "", true);
            }
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            List<DeletionCandidates.Candidate> candidates =
                    DeletionCandidates.next(em, realmId, latest.get().toEpochMilli(), after, null, batchSize, false);
            List<String> due = new ArrayList<>();
            for (DeletionCandidates.Candidate candidate : candidates) {
                tally.examined++;
                CleanupVerdict verdict = CleanupVerdict.of(candidate, false, policy, now);
                switch (verdict.action()) {
                    case SKIP -> tally.skip(verdict.reason());
                    case WAIT -> {}
                    case DELETE, REMIND -> due.add(candidate.id());
                }
            }
            return new Page(
                    due,
                    candidates.isEmpty()
                            ? after
                            : candidates.get(candidates.size() - 1).id(),
                    candidates.size() < batchSize);
        });
        commit(tally);
        return page;
    }

    /** Users the reader found possibly due: locked, looked at again and acted on, in one transaction. */
    private void processBatch(List<String> ids) {
        CleanupTally batch = new CleanupTally();
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> act(session, ids, batch));
            commit(batch);
        } catch (RuntimeException failure) {
            LOG.warnf(failure, "Realm %s: a cleanup batch failed; retrying its users one by one", realmName);
            CleanupTally oneByOne = new CleanupTally();
            for (String id : ids) {
                retryAlone(id, oneByOne);
            }
            commit(oneByOne);
        }
    }

    private void retryAlone(String id, CleanupTally tally) {
        CleanupTally single = new CleanupTally();
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> act(session, List.of(id), single));
            tally.add(single);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Realm %s: cleanup of user %s failed", realmName, id);
            tally.error("user " + id + ": " + rootMessage(e));
        }
    }

    /** A batch's counts join the run's (and the metrics) once its transaction committed. */
    private void commit(CleanupTally tally) {
        synchronized (run) {
            run.add(tally);
        }
        if (!dryRun) {
            metrics.committed(realmName, tally);
        }
    }

    /** The given users, locked ({@code FOR UPDATE SKIP LOCKED}: another run's users are left to it) and judged. */
    private void act(KeycloakSession session, List<String> ids, CleanupTally tally) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        session.getContext().setRealm(realm);
        session.getContext().setHttpRequest(new BackgroundRequest(linkBase));
        CleanupPolicy policy = CleanupPolicy.forRealm(realm);
        Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
        Optional<Instant> latest = policy.createdNoLaterThan(now);
        if (!policy.enabled() || latest.isEmpty()) {
            return;
        }
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<DeletionCandidates.Candidate> candidates =
                DeletionCandidates.next(em, realmId, latest.get().toEpochMilli(), "", ids, ids.size(), !dryRun);
        RoleModel admin = realm.getRole("admin");
        for (DeletionCandidates.Candidate candidate : candidates) {
            decide(session, realm, policy, admin, candidate, now, tally);
        }
    }

    /** The reader's page: the users that may be due, where the next page starts, and whether this was the last. */
    private record Page(List<String> due, String lastId, boolean last) {}

    private void decide(
            KeycloakSession session,
            RealmModel realm,
            CleanupPolicy policy,
            RoleModel admin,
            DeletionCandidates.Candidate candidate,
            Instant now,
            CleanupTally tally) {
        CleanupVerdict cheap = CleanupVerdict.of(candidate, false, policy, now);
        if (cheap.action() == CleanupVerdict.Action.SKIP) {
            tally.skip(cheap.reason());
            return;
        }
        if (cheap.action() == CleanupVerdict.Action.WAIT) {
            return;
        }
        // Keycloak's own store, not the user cache: a user about to go needs no cache entry built first (the
        // removal below still goes through session.users(), which invalidates any cached copy cluster-wide).
        UserModel user = UserStoragePrivateUtil.userLocalStorage(session).getUserById(realm, candidate.id());
        if (user == null) {
            return; // removed meanwhile by someone else
        }
        // The user model once more, admin roles included (composites and groups): the last word before deleting.
        CleanupVerdict verdict = CleanupVerdict.of(fromModel(session, realm, user), hasRole(user, admin), policy, now);
        String dueAt = ShopTimeZone.format(verdict.deadline(), realm);
        switch (verdict.action()) {
            case SKIP -> tally.skip(verdict.reason());
            case WAIT -> {}
            case DELETE -> {
                String email = user.getEmail();
                if (!dryRun) {
                    if (!new UserManager(session).removeUser(realm, user)) {
                        return;
                    }
                    DeletionAudit.deleted(session, realm, actor, candidate.id(), email, reason(policy, verdict));
                }
                tally.deleted++;
                tally.user(new CleanupReport.UserLine(candidate.id(), email, "deleted", dueAt));
            }
            case REMIND -> {
                if (!dryRun) {
                    try {
                        VerificationReminder.send(session, realm, user, verdict.deadline());
                    } catch (EmailException e) {
                        LOG.warnf("Realm %s: reminder to user %s failed: %s", realmName, user.getId(), e.getMessage());
                        tally.error("reminder to " + user.getId() + ": " + rootMessage(e));
                        return;
                    }
                }
                tally.reminded++;
                tally.user(new CleanupReport.UserLine(candidate.id(), user.getEmail(), "reminded", dueAt));
            }
        }
    }

    private static DeletionCandidates.Candidate fromModel(KeycloakSession session, RealmModel realm, UserModel user) {
        return new DeletionCandidates.Candidate(
                user.getId(),
                user.getCreatedTimestamp() == null ? Long.MAX_VALUE : user.getCreatedTimestamp(),
                user.getServiceAccountClientLink() != null,
                user.getFederationLink() != null,
                session.users()
                        .getFederatedIdentitiesStream(realm, user)
                        .findAny()
                        .isPresent(),
                "true".equalsIgnoreCase(user.getFirstAttribute(DeletionCandidates.EXEMPT_ATTRIBUTE)),
                user.isEmailVerified() || user.getFirstAttribute(EverVerifiedMarker.ATTRIBUTE) != null,
                user.getRequiredActionsStream().anyMatch(UserModel.RequiredAction.VERIFY_EMAIL.name()::equals),
                user.getFirstAttribute(VerificationReminder.SENT_ATTRIBUTE) != null);
    }

    private static boolean hasRole(UserModel user, RoleModel role) {
        return role != null && user.hasRole(role);
    }

    private static String reason(CleanupPolicy policy, CleanupVerdict verdict) {
        return "e-mail address never verified; deadline " + verdict.deadline() + " (lifetime "
                + policy.lifetime().toMinutes() + " min) passed";
    }

    /** Stamps the ever-verified marker on verified users who lack it (accounts older than the event listener). */
    private void markVerifiedUsers() {
        String after = "";
        for (int i = 0; i < MARKER_BATCHES_PER_RUN; i++) {
            String from = after;
            List<String> ids = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                EntityManager em =
                        session.getProvider(JpaConnectionProvider.class).getEntityManager();
                List<String> page = DeletionCandidates.verifiedWithoutMarker(em, realmId, from, batchSize);
                page.forEach(
                        id -> EverVerifiedMarker.markIfVerified(session.users().getUserById(realm, id)));
                return page;
            });
            if (ids.size() < batchSize) {
                return;
            }
            after = ids.get(ids.size() - 1);
        }
    }

    private CleanupReport report(CleanupTally tally, long started, long finished, boolean complete) {
        return new CleanupReport(
                realmName,
                trigger,
                dryRun,
                NodeName.get(),
                Instant.ofEpochMilli(started).toString(),
                Instant.ofEpochMilli(finished).toString(),
                finished - started,
                complete,
                tally.examined,
                tally.deleted,
                tally.reminded,
                tally.skippedByKey(),
                tally.errors,
                List.copyOf(tally.errorMessages),
                List.copyOf(tally.users));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
