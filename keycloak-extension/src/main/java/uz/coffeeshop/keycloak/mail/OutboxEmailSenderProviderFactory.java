package uz.coffeeshop.keycloak.mail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.email.EmailSenderProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * The {@code email-sender} provider {@value #ID}. Keycloak takes as default the provider of an SPI with the highest
 * {@link #order()} when none is configured, so installing the jar is enough: every mail Keycloak, our API and the
 * cleanup send goes to the outbox. Back to Keycloak's synchronous sender: build with
 * {@code --spi-email-sender--provider=default} (a build-time option). Keycloak's sender stays installed under its id
 * {@value #KEYCLOAK_SMTP_SENDER}; the delivery task sends through it.
 *
 * <p>Schedules the delivery the way Keycloak schedules its own cleanups (DefaultDatastoreProviderFactory): on
 * {@link PostMigrationEvent}, when the outbox table exists, with a {@link ClusterAwareScheduledTaskRunner};
 * cancelled in {@link #close()}.
 */
public final class OutboxEmailSenderProviderFactory
        implements EmailSenderProviderFactory, ProviderEventListener, ServerInfoAwareProviderFactory {

    public static final String ID = "coffee-outbox";
    static final String KEYCLOAK_SMTP_SENDER = "default";

    private static final Logger LOG = Logger.getLogger(OutboxEmailSenderProviderFactory.class);
    private static final String TASK_NAME = OutboxDeliveryTask.class.getSimpleName();

    private OutboxOptions options = OutboxOptions.DEFAULTS;
    private OutboxMetrics metrics;
    private KeycloakSessionFactory sessionFactory;

    @Override
    public EmailSenderProvider create(KeycloakSession session) {
        return new OutboxEmailSenderProvider(session, metrics);
    }

    @Override
    public void init(Config.Scope config) {
        options = OutboxOptions.from(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        sessionFactory = factory;
        metrics = OutboxMetrics.global();
        factory.register(this);
    }

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof PostMigrationEvent migrated) {
            KeycloakSessionFactory factory = migrated.getFactory();
            try (KeycloakSession session = factory.create()) {
                long interval = options.interval().toMillis();
                session.getProvider(TimerProvider.class)
                        .schedule(
                                new ClusterAwareScheduledTaskRunner(
                                        factory, new OutboxDeliveryTask(options, metrics), interval),
                                interval,
                                TASK_NAME);
            }
            LOG.infof(
                    "Mail outbox delivery scheduled every %d ms with %s",
                    options.interval().toMillis(), options);
        }
    }

    @Override
    public void close() {
        if (sessionFactory == null) {
            return;
        }
        try (KeycloakSession session = sessionFactory.create()) {
            TimerProvider timer = session.getProvider(TimerProvider.class);
            if (timer != null) {
                timer.cancelTask(TASK_NAME);
            }
        } catch (RuntimeException e) {
            LOG.debugf("Could not cancel %s at shutdown: %s", TASK_NAME, e);
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    /** Above Keycloak's own sender (order 0): this is the default e-mail sender without any configuration. */
    @Override
    public int order() {
        return 100;
    }

    /** The effective options, under "Provider info" of the master realm's server info in the admin console. */
    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("batch-size", String.valueOf(options.batchSize()));
        info.put("interval", String.valueOf(options.interval().toMillis()));
        info.put("max-attempts", String.valueOf(options.maxAttempts()));
        info.put("backoff", String.valueOf(options.backoff().toMillis()));
        info.put("max-backoff", String.valueOf(options.maxBackoff().toMillis()));
        info.put("max-age", String.valueOf(options.maxAge().toMillis()));
        info.put("lease", String.valueOf(options.lease().toMillis()));
        info.put("retention", String.valueOf(options.retention().toMillis()));
        info.put(
                "smtp-connect-timeout",
                String.valueOf(options.smtpConnectTimeout().toMillis()));
        info.put("smtp-timeout", String.valueOf(options.smtpTimeout().toMillis()));
        return info;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return OutboxOptions.metadata();
    }
}
