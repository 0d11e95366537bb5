package uz.coffeeshop.keycloak.cleanup;

import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Never two runs of one realm at once in the cluster, whoever started them: a lease in the realm attribute {@value
 * #ATTRIBUTE} (the run's token and the instant it is held until), taken, renewed and given back each in a short
 * transaction of its own that locks the attribute's row first. A live run renews it every third of its lifespan
 * (one {@code interval-seconds}), so it keeps the realm however long it lasts; a node that died in a run stops
 * renewing, and its lease lapses one lifespan after the last renewal. A run that finds its lease taken by another
 * (it lapsed while this node could not reach the database) is told so by {@link #held()} and stops.
 *
 * <p>Why not Keycloak's cluster lock ({@code ClusterProvider.executeIfNotExecuted}, which this replaced): its entry
 * lapses after a fixed time that cannot be renewed, so a paced run longer than one interval let the next run start
 * beside it. Why in the database: every node of every site sees it, and the row lock makes taking it atomic; the
 * row is read by SQL (never from the realm cache, which may be a moment behind) and written through the realm model,
 * so the cached realm is invalidated on every node like any attribute change. The times are the wall clock, not
 * Keycloak's (tests move that one to make users due; a lease is about real time passing).
 */
final class RealmRunLock implements AutoCloseable {

    static final String ATTRIBUTE = "coffee.cleanup.runLock";

    private static final Logger LOG = Logger.getLogger(RealmRunLock.class);
    private static final String LOCKED_READ =
            "SELECT VALUE FROM REALM_ATTRIBUTE WHERE REALM_ID = :realm AND NAME = :name FOR UPDATE";

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
            taken = lock.inLockedRow((realm, lease) -> {
                if (realm == null || lease.filter(held -> !held.lapsed()).isPresent()) {
                    return false;
                }
                lock.write(realm);
                return true;
            });
        } catch (RuntimeException e) {
            // Two nodes that found no lease both insert it: the row's primary key lets one through. Anything else
            // (the database is gone) is no run under way and must not read as one.
            if (lock.inLockedRow(
                    (realm, lease) -> lease.filter(held -> !held.lapsed()).isPresent())) {
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
            boolean ours = inLockedRow((realm, lease) -> {
                if (lease.filter(held -> held.token().equals(token)).isEmpty()) {
                    return false;
                }
                write(realm);
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
     * Gives the lease back in the caller's transaction (the one that stores the run's report), so that once the
     * report shows, the realm is free: a caller that starts the next run on seeing the report is not refused.
     */
    void giveBack(KeycloakSession session, RealmModel realm) {
        stopRenewing();
        removeIfOurs(realm, lockedLease(session));
    }

    private void removeIfOurs(RealmModel realm, Optional<Lease> lease) {
        if (lease.filter(held -> held.token().equals(token)).isPresent()) {
            realm.removeAttribute(ATTRIBUTE);
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
            inLockedRow((realm, lease) -> {
                if (realm != null) {
                    removeIfOurs(realm, lease);
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("Realm %s: the cleanup run lock was not given back (it lapses): %s", realmId, e.getMessage());
        }
    }

    private void write(RealmModel realm) {
        realm.setAttribute(ATTRIBUTE, new Lease(token, System.currentTimeMillis() + lifespan.toMillis()).text());
    }

    private <T> T inLockedRow(LeaseJob<T> job) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm == null) {
                return job.on(null, Optional.empty());
            }
            return job.on(realm, lockedLease(session));
        });
    }

    private Optional<Lease> lockedLease(KeycloakSession session) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        @SuppressWarnings("unchecked")
        List<Object> values = em.createNativeQuery(LOCKED_READ)
                .setParameter("realm", realmId)
                .setParameter("name", ATTRIBUTE)
                .getResultList();
        return values.stream().findFirst().map(value -> Lease.parse(text(value)));
    }

    /** The column is a CLOB on some databases (H2), text on others. */
    private static String text(Object value) {
        if (value instanceof java.sql.Clob clob) {
            try {
                return clob.getSubString(1, (int) Math.min(Integer.MAX_VALUE, clob.length()));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("unreadable " + ATTRIBUTE, e);
            }
        }
        return String.valueOf(value);
    }

    @FunctionalInterface
    private interface LeaseJob<T> {
        /** {@code realm} is null when the realm was removed meanwhile. */
        T on(RealmModel realm, Optional<Lease> lease);
    }

    /** Who holds the realm ({@code runId/node}) and until when (epoch milliseconds, wall clock). */
    record Lease(String token, long heldUntil) {

        String text() {
            return token + "@" + heldUntil;
        }

        boolean lapsed() {
            return System.currentTimeMillis() >= heldUntil;
        }

        /** An unreadable value counts as lapsed: nothing of ours wrote it. */
        static Lease parse(String text) {
            int at = text.lastIndexOf('@');
            try {
                return new Lease(text.substring(0, Math.max(0, at)), Long.parseLong(text.substring(at + 1)));
            } catch (NumberFormatException e) {
                return new Lease("", 0);
            }
        }
    }
}
