package uz.coffeeshop.keycloak.cleanup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * Reads and checks the options at start, and schedules {@link UnverifiedUserCleanupTask} the way Keycloak schedules
 * its own cleanups ({@code DefaultDatastoreProviderFactory}): once the database is migrated ({@link
 * PostMigrationEvent}), through the timer, in a {@link ClusterAwareScheduledTaskRunner}; cancelled, this listener
 * unregistered and the {@link CleanupThread} stopped, in {@link #close()}. The effective options show in the admin
 * console's server info.
 */
public final class DefaultCleanupProviderFactory
        implements CleanupProviderFactory, ServerInfoAwareProviderFactory, ProviderEventListener {

    public static final String ID = "default";

    private static final Logger LOG = Logger.getLogger(DefaultCleanupProviderFactory.class);

    private final CleanupMetrics metrics = CleanupMetrics.global();
    private final CleanupThread thread = new CleanupThread();
    private volatile CleanupOptions options;
    private volatile KeycloakSessionFactory sessionFactory;

    @Override
    public void init(Config.Scope config) {
        options = CleanupOptions.from(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        sessionFactory = factory;
        factory.register(this);
    }

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof RealmModel.RealmPostCreateEvent created) {
            SwitchOnStamp.stamp(created.getCreatedRealm());
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            CleanupState.remove(removed.getKeycloakSession(), removed.getRealm().getId());
        } else if (event instanceof PostMigrationEvent migrated) {
            schedule(migrated.getFactory());
        }
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
                    new ClusterAwareScheduledTaskRunner(
                            factory, new UnverifiedUserCleanupTask(options, metrics, thread), interval),
                    interval,
                    UnverifiedUserCleanupTask.NAME);
            LOG.infof("Unverified-user cleanup scheduled: %s", getOperationalInfo());
        }
    }

    @Override
    public CleanupProvider create(KeycloakSession session) {
        return new DefaultCleanupProvider(session, options, metrics, thread);
    }

    @Override
    public void close() {
        thread.close();
        KeycloakSessionFactory factory = sessionFactory;
        if (factory == null) {
            return;
        }
        factory.unregister(this);
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
        info.put(CleanupOptions.RUN_SECONDS, String.valueOf(options.runTime().toSeconds()));
        info.put(CleanupOptions.DRY_RUN, String.valueOf(options.dryRun()));
        info.put(
                CleanupOptions.REMINDER_LEAD,
                String.valueOf(options.reminderLead().toMinutes()));
        info.put(CleanupOptions.LINK_BASE_URL, options.linkBaseUrl().orElse(""));
        return info;
    }
}
