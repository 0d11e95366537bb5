package uz.coffeeshop.keycloak.cleanup;

import java.net.URI;
import java.util.List;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * The scheduled cleanup of every realm that has it on. A named top-level class on purpose: {@code
 * ClusterAwareScheduledTaskRunner} locks the cluster on the task's name, by default its simple class name, which
 * is the same on every node (a lambda's is not), so exactly one node of the cluster does each run.
 *
 * <p>The runner's session only lists the realms; the switch-on stamp, each batch and the report get transactions
 * of their own.
 */
final class UnverifiedUserCleanupTask implements ScheduledTask {

    static final String NAME = UnverifiedUserCleanupTask.class.getSimpleName();

    private final DefaultCleanupProviderFactory cleanup;

    UnverifiedUserCleanupTask(DefaultCleanupProviderFactory cleanup) {
        this.cleanup = cleanup;
    }

    @Override
    public void run(KeycloakSession session) {
        List<String> realmIds =
                session.realms().getRealmsStream().map(RealmModel::getId).toList();
        for (String realmId : realmIds) {
            boolean enabled = KeycloakModelUtils.runJobInTransactionWithResult(
                    session.getKeycloakSessionFactory(),
                    inner -> stampSwitchOn(inner.realms().getRealm(realmId)));
            if (enabled) {
                RealmModel realm = session.realms().getRealm(realmId);
                cleanup.runGuarded(
                        realm,
                        cleanup.options().dryRun(),
                        "scheduled",
                        linkBase(realm),
                        CleanupActor.scheduler(realmId));
            }
        }
    }

    @Override
    public String getTaskName() {
        return NAME;
    }

    /**
     * Records when the policy was switched on (deadlines of older accounts count from then) and forgets it when
     * switched off, so switching on again is not retroactive either. Returns whether the realm has it on.
     */
    static boolean stampSwitchOn(RealmModel realm) {
        if (realm == null) {
            return false;
        }
        boolean enabled = CleanupPolicy.forRealm(realm).enabled();
        String since = realm.getAttribute(CleanupPolicy.ENABLED_SINCE_ATTRIBUTE);
        if (enabled && (since == null || since.isBlank())) {
            realm.setAttribute(CleanupPolicy.ENABLED_SINCE_ATTRIBUTE, String.valueOf(Time.currentTimeMillis()));
        } else if (!enabled && since != null) {
            realm.removeAttribute(CleanupPolicy.ENABLED_SINCE_ATTRIBUTE);
        }
        return enabled;
    }

    /** Where reminder links point when no request tells: the option, the realm's frontend URL, KC_HOSTNAME. */
    private URI linkBase(RealmModel realm) {
        return cleanup.options()
                .linkBaseUrl()
                .or(() -> java.util.Optional.ofNullable(realm.getAttribute("frontendUrl")))
                .or(() -> java.util.Optional.ofNullable(System.getenv("KC_HOSTNAME"))
                        .filter(host -> host.startsWith("http://") || host.startsWith("https://")))
                .map(URI::create)
                .orElse(URI.create("http://localhost:8080"));
    }
}
