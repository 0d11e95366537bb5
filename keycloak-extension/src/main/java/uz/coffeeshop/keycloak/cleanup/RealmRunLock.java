package uz.coffeeshop.keycloak.cleanup;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.cluster.ExecutionResult;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Never two runs of one realm at once in the cluster, whoever started them: the scheduled run and a manual one take
 * the same lock, Keycloak's own cluster-wide task lock ({@link ClusterProvider#executeIfNotExecuted}, the one
 * {@code ClusterAwareScheduledTaskRunner} takes for the whole scheduled task), keyed by the task's name and the
 * realm. The lock lapses after {@code lifespan} even if its node died, so a crashed run holds the realm no longer.
 *
 * <p>The session that reaches the cluster provider has no transaction: a run longer than Keycloak's transaction
 * timeout (5 minutes) must not have one around it to be reaped (each batch has its own).
 */
final class RealmRunLock {

    private RealmRunLock() {}

    static String key(String realmId) {
        return UnverifiedUserCleanupTask.NAME + "::" + realmId;
    }

    /** {@code job}'s result when the lock was free, empty when another run holds it. */
    static <T> Optional<T> whileHeld(
            KeycloakSessionFactory factory, String realmId, Duration lifespan, Supplier<T> job) {
        try (KeycloakSession session = factory.create()) {
            ClusterProvider cluster = session.getProvider(ClusterProvider.class);
            int seconds = (int) Math.min(Integer.MAX_VALUE, Math.max(1, lifespan.toSeconds()));
            ExecutionResult<T> result = cluster.executeIfNotExecuted(key(realmId), seconds, job::get);
            return result.isExecuted() ? Optional.ofNullable(result.getResult()) : Optional.empty();
        }
    }
}
