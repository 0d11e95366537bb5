package uz.coffeeshop.keycloak.cleanup;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * Reads and checks the options at start, and schedules {@link UnverifiedUserCleanupTask} the way Keycloak schedules
 * its own cleanups ({@code DefaultDatastoreProviderFactory}): once the database is migrated ({@link
 * PostMigrationEvent}), through the timer, in a {@link ClusterAwareScheduledTaskRunner}; cancelled in {@link
 * #close()}. The effective options show in the admin console's server info.
 */
public final class DefaultCleanupProviderFactory implements CleanupProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "default";

    private static final Logger LOG = Logger.getLogger(DefaultCleanupProviderFactory.class);

    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService background = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "coffee-cleanup-manual");
        thread.setDaemon(true);
        return thread;
    });
    /** Renews the run locks of this node's runs (a beat is one small transaction). */
    private final ScheduledExecutorService lockBeats = Executors.newSingleThreadScheduledExecutor(work -> {
        Thread thread = new Thread(work, "coffee-cleanup-run-lock");
        thread.setDaemon(true);
        return thread;
    });

    private final CleanupMetrics metrics = CleanupMetrics.global();
    private volatile CleanupOptions options;
    private volatile KeycloakSessionFactory sessionFactory;

    @Override
    public void init(Config.Scope config) {
        options = CleanupOptions.from(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        sessionFactory = factory;
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                SwitchOnStamp.realmCreated(created.getCreatedRealm());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                CleanupStates.remove(
                        removed.getKeycloakSession(), removed.getRealm().getId());
            } else if (event instanceof PostMigrationEvent) {
                stampRealms(factory);
                schedule(factory);
            }
        });
    }

    /**
     * At start: realms that have the cleanup on without a switch-on stamp get one now, not at their first run; the
     * reports a former version kept in realm attributes move to the state table.
     */
    private static void stampRealms(KeycloakSessionFactory factory) {
        KeycloakModelUtils.runJobInTransaction(
                factory,
                session -> session.realms()
                        .getRealmsStream()
                        .filter(realm -> !"master".equals(realm.getName()))
                        .forEach(realm -> {
                            SwitchOnStamp.atStartup(realm);
                            ReportStore.moveOut(session, realm);
                        }));
    }

    private void schedule(KeycloakSessionFactory factory) {
        try (KeycloakSession session = factory.create()) {
            TimerProvider timer = session.getProvider(TimerProvider.class);
            if (timer == null) {
                LOG.warn("No timer provider: the unverified-user cleanup runs only when asked through its API");
                return;
            }
            long interval = options.interval().toMillis();
            timer.schedule(
                    new ClusterAwareScheduledTaskRunner(factory, new UnverifiedUserCleanupTask(this), interval),
                    interval);
            LOG.infof(
                    "Unverified-user cleanup scheduled every %ss (lifetime %d min, batch %d, %d workers, dry run %s,"
                            + " reminder %d min before, workers busy at most %d%%, removal %s)",
                    options.interval().toSeconds(),
                    options.lifetime().toMinutes(),
                    options.batchSize(),
                    options.workers(),
                    options.dryRun(),
                    options.reminderLead().toMinutes(),
                    options.busyPercent(),
                    options.removal().optionValue());
        }
    }

    @Override
    public CleanupProvider create(KeycloakSession session) {
        return new CleanupProvider() {
            @Override
            public CleanupOptions options() {
                return options;
            }

            @Override
            public CleanupPolicy policy(RealmModel realm) {
                return CleanupPolicy.of(realm, options);
            }

            @Override
            public Optional<Instant> deletionDueAt(RealmModel realm, UserModel user) {
                CleanupPolicy policy = policy(realm);
                if (!policy.enabled() || user.isEmailVerified()) {
                    return Optional.empty();
                }
                Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
                CleanupVerdict verdict = CleanupVerdict.of(UserFacts.of(session, realm, user), policy, now);
                return Optional.ofNullable(verdict.deadline());
            }

            @Override
            public Optional<CleanupReport> lastReport(RealmModel realm) {
                return ReportStore.last(session, realm.getId());
            }

            @Override
            public List<CleanupReport> history(RealmModel realm) {
                return ReportStore.history(session, realm.getId());
            }

            @Override
            public Optional<CleanupReport> report(RealmModel realm, String runId) {
                return ReportStore.report(session, realm.getId(), runId);
            }

            @Override
            public Optional<RunningRun> running(RealmModel realm) {
                return ReportStore.running(session, realm.getId());
            }

            @Override
            public CleanupReport preview(RealmModel realm, URI linkBase, CleanupActor actor) {
                return runGuarded(scope(realm, true, "manual", linkBase, actor), () -> {})
                        .orElseThrow(() -> refused(session, realm));
            }

            @Override
            public String start(RealmModel realm, URI linkBase, CleanupActor actor) {
                RunScope scope = scope(realm, false, "manual", linkBase, actor);
                if (!new ManualRun(DefaultCleanupProviderFactory.this, scope).start()) {
                    throw refused(session, realm);
                }
                return scope.runId();
            }

            @Override
            public void close() {}
        };
    }

    private static CleanupRunning refused(KeycloakSession session, RealmModel realm) {
        return new CleanupRunning(
                realm.getName(), ReportStore.running(session, realm.getId()).orElse(null));
    }

    CleanupOptions options() {
        return options;
    }

    RunScope scope(RealmModel realm, boolean dryRun, String trigger, URI linkBase, CleanupActor actor) {
        return new RunScope(
                KeycloakModelUtils.generateId(),
                sessionFactory,
                realm.getId(),
                realm.getName(),
                new RunMode(dryRun, CleanupPolicy.scheduledDryRun(realm, options.dryRun())),
                trigger,
                options,
                linkBase,
                actor,
                metrics);
    }

    /**
     * Runs unless a run of the realm is under way on this node or, through {@link RealmRunLock}, anywhere in the
     * cluster (then empty, and counted as refused). {@code whenHeld} runs once the run holds the realm (a run that
     * changes users is then marked as under way). The lock is renewed while the run goes on and given back at its
     * end; the node's own set keeps a second run of this node from even asking.
     */
    Optional<CleanupReport> runGuarded(RunScope scope, Runnable whenHeld) {
        if (!running.add(scope.realmId())) {
            metrics.refused(scope.realmName(), scope.trigger());
            return Optional.empty();
        }
        try {
            Optional<RealmRunLock> taken =
                    RealmRunLock.take(sessionFactory, scope.realmId(), scope.runId(), options.interval(), lockBeats);
            if (taken.isEmpty()) {
                metrics.refused(scope.realmName(), scope.trigger());
                return Optional.empty();
            }
            try (RealmRunLock lock = taken.get()) {
                if (!scope.dryRun()) {
                    scope.inTransaction(in -> {
                        if (in.realm() != null) {
                            ReportStore.started(in.session(), scope.realmId(), scope.running(RunScope.now()));
                        }
                    });
                }
                whenHeld.run();
                return Optional.of(new CleanupRun(scope, lock).execute());
            }
        } finally {
            running.remove(scope.realmId());
        }
    }

    /** Where manual runs go so that their request answers at once; threads end with their run. */
    ExecutorService background() {
        return background;
    }

    @Override
    public void close() {
        background.shutdown();
        lockBeats.shutdown();
        KeycloakSessionFactory factory = sessionFactory;
        if (factory == null) {
            return;
        }
        try (KeycloakSession session = factory.create()) {
            TimerProvider timer = session.getProvider(TimerProvider.class);
            if (timer != null) {
                timer.cancelTask(UnverifiedUserCleanupTask.NAME);
            }
        } catch (RuntimeException e) {
            LOG.debugf("Cleanup task not cancelled at shutdown: %s", e.getMessage());
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return CleanupOptions.metadata();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put(CleanupOptions.LIFETIME, String.valueOf(options.lifetime().toMinutes()));
        info.put(CleanupOptions.INTERVAL, String.valueOf(options.interval().toSeconds()));
        info.put(CleanupOptions.BATCH_SIZE, String.valueOf(options.batchSize()));
        info.put(CleanupOptions.WORKERS, String.valueOf(options.workers()));
        info.put(CleanupOptions.DRY_RUN, String.valueOf(options.dryRun()));
        info.put(
                CleanupOptions.REMINDER_LEAD,
                String.valueOf(options.reminderLead().toMinutes()));
        info.put(CleanupOptions.LINK_BASE_URL, options.linkBaseUrl().orElse(""));
        info.put(CleanupOptions.REMOVAL, options.removal().optionValue());
        info.put(CleanupOptions.BUSY_PERCENT, String.valueOf(options.busyPercent()));
        return info;
    }
}
