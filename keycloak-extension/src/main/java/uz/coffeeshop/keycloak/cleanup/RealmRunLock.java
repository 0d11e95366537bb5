package uz.coffeeshop.keycloak.cleanup;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Never two runs of one realm at once in the cluster, whoever started them: a lease in the realm's row of {@code
 * COFFEE_CLEANUP_STATE} (the run's token and the instant it is held until), taken, renewed and given back each in a
 * short transaction of its own that locks the row first. A live run renews it every third of its lifespan (one
 * {@code interval-seconds}), so it keeps the realm however long it lasts; a node that died in a run stops renewing,
 * and its lease lapses one lifespan after the last renewal. A run that finds its lease taken by another (it lapsed
 * while this node could not reach the database) is told so by {@link #held()} and stops.
 *
 * <p>Why not Keycloak's cluster lock ({@code ClusterProvider.executeIfNotExecuted}, which this replaced): its entry
 * lapses after a fixed time that cannot be renewed, so a paced run longer than one interval let the next run start
 * beside it. Why in the database: every node of every site sees it, and the row lock makes taking it atomic. Why
 * not a realm attribute, where it was before: see {@link CleanupStateEntity}. The times are the wall clock, not
 * Keycloak's (tests move that one to make users due; a lease is about real time passing).
 */
final class RealmRunLock implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RealmRunLock.class);

    private final KeycloakSessionFactory factory;
    private final String realmId;
    private final String token;
    private final Duration lifespan;
    private volatile boolean lost;
    private volatile ScheduledFuture<?> heartbeat;

    private RealmRunLock(KeycloakSessionFactory factory, String realmId, String token, Duration lifespan) {
        this.factory = factory;
        this.realmId = realmId;
        this.token = token;
        this.lifespan = lifespan;
    }

    /**
     * The realm's lease for run {@code runId}, renewed on {@code beats} while it is held; empty when another live
     * run holds it.
     */
    static Optional<RealmRunLock> take(
            KeycloakSessionFactory factory,
            String realmId,
            String runId,
            Duration lifespan,
            ScheduledExecutorService beats) {
        RealmRunLock lock = new RealmRunLock(factory, realmId, runId + "/" + NodeName.get(), lifespan);
        boolean taken;
        try {
            taken = lock.inLockedRow(state -> {
                if (state == null
                        || Lease.of(state).filter(held -> !held.lapsed()).isPresent()) {
                    return false;
                }
                lock.write(state);
                return true;
            });
        } catch (RuntimeException e) {
            // Two nodes that found no row both insert it: the primary key lets one through. Anything else (the
            // database is gone) is no run under way and must not read as one.
            if (lock.inLockedRow(state -> state != null
                    && Lease.of(state).filter(held -> !held.lapsed()).isPresent())) {
                return Optional.empty();
            }
            throw e;
        }
        if (!taken) {
            return Optional.empty();
        }
        long every = Math.max(200, lifespan.toMillis() / 3);
        lock.heartbeat = beats.scheduleWithFixedDelay(lock::renew, every, every, TimeUnit.MILLISECONDS);
        return Optional.of(lock);
    }

    /** False once another run took the lease over (it lapsed while this run could not renew it). */
    boolean held() {
        return !lost;
    }

    private void renew() {
        if (lost) {
            return;
        }
        try {
            boolean ours = inLockedRow(state -> {
                if (state == null || !ours(state)) {
                    return false;
                }
                write(state);
                return true;
            });
            if (!ours) {
                lost = true;
                LOG.warnf("Realm %s: the cleanup run %s lost the realm's run lock to another run", realmId, token);
            }
        } catch (RuntimeException e) {
            // Tried again at the next beat; the lease lapses only if none gets through for a whole lifespan.
            LOG.warnf("Realm %s: the cleanup run lock could not be renewed: %s", realmId, e.getMessage());
        }
    }

    /**
     * Gives the lease back in the caller's transaction (the one that stores the run's report in the same row), so
     * that once the report shows, the realm is free: a caller that starts the next run on seeing the report is not
     * refused.
     */
    void giveBack(CleanupStateEntity locked) {
        stopRenewing();
        removeIfOurs(locked);
    }

    private boolean ours(CleanupStateEntity state) {
        return token.equals(state.lockToken);
    }

    private void removeIfOurs(CleanupStateEntity state) {
        if (ours(state)) {
            state.lockToken = null;
            state.lockUntil = null;
        }
    }

    private void stopRenewing() {
        ScheduledFuture<?> beat = heartbeat;
        if (beat != null) {
            beat.cancel(false);
        }
    }

    /** Stops renewing and gives the lease back (if it is still this run's: the report's transaction may have). */
    @Override
    public void close() {
        stopRenewing();
        try {
            inLockedRow(state -> {
                if (state != null) {
                    removeIfOurs(state);
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("Realm %s: the cleanup run lock was not given back (it lapses): %s", realmId, e.getMessage());
        }
    }

    private void write(CleanupStateEntity state) {
        state.lockToken = token;
        state.lockUntil = System.currentTimeMillis() + lifespan.toMillis();
    }

    private <T> T inLockedRow(LeaseJob<T> job) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            return job.on(realm == null ? null : CleanupStates.locked(session, realmId));
        });
    }

    @FunctionalInterface
    private interface LeaseJob<T> {
        /** {@code state} is the realm's locked row, null when the realm was removed meanwhile. */
        T on(CleanupStateEntity state);
    }

    /** Who holds the realm ({@code runId/node}) and until when (epoch milliseconds, wall clock). */
    record Lease(String token, long heldUntil) {

        /** The lease in the row, if anyone holds one. */
        static Optional<Lease> of(CleanupStateEntity state) {
            if (state.lockToken == null || state.lockUntil == null) {
                return Optional.empty();
            }
            return Optional.of(new Lease(state.lockToken, state.lockUntil));
        }

        boolean lapsed() {
            return System.currentTimeMillis() >= heldUntil;
        }
    }
}
