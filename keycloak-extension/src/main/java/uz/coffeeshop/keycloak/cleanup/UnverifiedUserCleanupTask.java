package uz.coffeeshop.keycloak.cleanup;

import java.net.URI;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * The scheduled cleanup of every realm that has it on. A named top-level class on purpose: {@code
 * ClusterAwareScheduledTaskRunner} locks the cluster on the task's name, by default its simple class name, which
 * is the same on every node (a lambda's is not), so exactly one node of the cluster does each run.
 *
 * <p>The runner's session only lists the realms; each batch and the report get transactions of their own. The
 * switch-on stamp is written when the cleanup is switched on ({@link SwitchOnStamp}); a run only repeats that check
 * (a realm changed behind Keycloak's back, in the database) and forgets the stamp of a realm switched off.
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
                    inner -> SwitchOnStamp.stamp(inner.realms().getRealm(realmId)));
            if (enabled) {
                RealmModel realm = session.realms().getRealm(realmId);
                RunScope scope = cleanup.scope(
                        realm,
                        CleanupPolicy.scheduledDryRun(realm, cleanup.options().dryRun()),
                        "scheduled",
                        linkBase(realm),
                        CleanupActor.scheduler(realmId));
                cleanup.runGuarded(scope, () -> {});
            }
        }
    }

    @Override
    public String getTaskName() {
        return NAME;
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
