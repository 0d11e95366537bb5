package uz.coffeeshop.keycloak.cleanup;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * The scheduled cleanup of every realm that has it on. A named top-level class on purpose: {@code
 * ClusterAwareScheduledTaskRunner} locks the cluster on the task's simple class name, which is the same on every
 * node (a lambda's is not), so two nodes never run at once, and a manual run takes the same lock; {@link
 * ClusterTick} makes the runs of the cluster one per interval, not one per node and interval.
 *
 * <p>A tick is bounded: it starts batches for at most {@link CleanupOptions#runBudget()} over all realms, then ends,
 * and the next tick goes on. The runner's session only lists the realms; each batch and the report get
 * transactions of their own. The switch-on stamp is written when the cleanup is switched on ({@link
 * SwitchOnStamp}); a tick only repeats that check (a realm changed behind Keycloak's back, in the database) and
 * forgets the stamp of a realm switched off.
 */
final class UnverifiedUserCleanupTask implements ScheduledTask {

    static final String NAME = UnverifiedUserCleanupTask.class.getSimpleName();

    private final CleanupOptions options;
    private final CleanupMetrics metrics;
    private final CleanupThread thread;

    UnverifiedUserCleanupTask(CleanupOptions options, CleanupMetrics metrics, CleanupThread thread) {
        this.options = options;
        this.metrics = metrics;
        this.thread = thread;
    }

    @Override
    public void run(KeycloakSession session) {
        if (!ClusterTick.claim(session, options.interval())) {
            return; // another node of the cluster did this interval's run
        }
        long until = options.runEndFromNow();
        DefaultCleanupProvider cleanup = new DefaultCleanupProvider(session, options, metrics, thread);
        List<String> realmIds =
                session.realms().getRealmsStream().map(RealmModel::getId).toList();
        for (String realmId : realmIds) {
            boolean enabled = KeycloakModelUtils.runJobInTransactionWithResult(
                    session.getKeycloakSessionFactory(),
                    inner -> SwitchOnStamp.stamp(inner.realms().getRealm(realmId)));
            if (enabled && System.currentTimeMillis() < until) {
                RealmModel realm = session.realms().getRealm(realmId);
                cleanup.scheduledRun(realm, linkBase(realm), until);
            }
        }
    }

    @Override
    public String getTaskName() {
        return NAME;
    }

    /** Where reminder links point when no request tells: the option, the realm's frontend URL, KC_HOSTNAME. */
    private URI linkBase(RealmModel realm) {
        return options.linkBaseUrl()
                .or(() -> Optional.ofNullable(realm.getAttribute("frontendUrl")))
                .or(() -> Optional.ofNullable(System.getenv("KC_HOSTNAME"))
                        .filter(host -> host.startsWith("http://") || host.startsWith("https://")))
                .map(URI::create)
                .orElse(URI.create("http://localhost:8080"));
    }
}
