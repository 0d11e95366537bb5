package uz.coffeeshop.keycloak.cleanup;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.cluster.ExecutionResult;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The cleanup of one Keycloak session. A manual run takes the cluster lock the scheduled task's runner takes (same
 * key, the task's name, and the same lifespan, one interval), so it never runs beside a scheduled run or another
 * manual one anywhere in the cluster; the preview only reads users and needs no lock. Runs that change users work on
 * the node's {@link CleanupThread}; the preview answers on the caller's thread, even while a run goes on.
 */
final class DefaultCleanupProvider implements CleanupProvider {

    private final KeycloakSession session;
    private final CleanupOptions options;
    private final CleanupMetrics metrics;
    private final CleanupThread thread;

    DefaultCleanupProvider(
            KeycloakSession session, CleanupOptions options, CleanupMetrics metrics, CleanupThread thread) {
        this.session = session;
        this.options = options;
        this.metrics = metrics;
        this.thread = thread;
    }

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
        CleanupVerdict verdict = CleanupVerdict.of(UserFacts.of(session, realm, user), policy, RunScope.now());
        return Optional.ofNullable(verdict.deadline());
    }

    @Override
    public Optional<CleanupReport> lastReport(RealmModel realm) {
        return CleanupState.last(session, realm.getId());
    }

    @Override
    public List<CleanupReport> history(RealmModel realm) {
        return CleanupState.history(session, realm.getId());
    }

    @Override
    public Optional<CleanupReport> report(RealmModel realm, String runId) {
        return CleanupState.report(session, realm.getId(), runId);
    }

    @Override
    public CleanupReport preview(RealmModel realm, URI linkBase, CleanupActor actor) {
        return new CleanupRun(scope(
                        realm, RunScope.RunKind.DRY, CleanupTrigger.MANUAL, linkBase, actor, options.runEndFromNow()))
                .execute();
    }

    @Override
    public Optional<CleanupReport> run(RealmModel realm, URI linkBase, CleanupActor actor) {
        RunScope scope =
                scope(realm, RunScope.RunKind.REAL, CleanupTrigger.MANUAL, linkBase, actor, options.runEndFromNow());
        ExecutionResult<CleanupReport> result = session.getProvider(ClusterProvider.class)
                .executeIfNotExecuted(
                        UnverifiedUserCleanupTask.NAME,
                        (int) options.interval().toSeconds(),
                        () -> thread.run(new CleanupRun(scope)::execute));
        if (!result.isExecuted()) {
            metrics.refused(realm.getName(), CleanupTrigger.MANUAL);
            return Optional.empty();
        }
        return Optional.of(result.getResult());
    }

    /**
     * A scheduled run of {@code realm}, in the scheduled task's cluster lock, starting no batch after {@code until}
     * (the end of the tick): dry when the realm's switch (or the server's option) says so.
     */
    CleanupReport scheduledRun(RealmModel realm, URI linkBase, long until) {
        RunScope.RunKind kind =
                CleanupPolicy.scheduledDryRun(realm, options.dryRun()) ? RunScope.RunKind.DRY : RunScope.RunKind.REAL;
        CleanupActor actor = CleanupActor.scheduler(realm.getId());
        return thread.run(
                new CleanupRun(scope(realm, kind, CleanupTrigger.SCHEDULED, linkBase, actor, until))::execute);
    }

    private RunScope scope(
            RealmModel realm,
            RunScope.RunKind kind,
            CleanupTrigger trigger,
            URI linkBase,
            CleanupActor actor,
            long until) {
        return new RunScope(
                KeycloakModelUtils.generateId(),
                session.getKeycloakSessionFactory(),
                realm.getId(),
                realm.getName(),
                kind,
                trigger,
                options,
                linkBase,
                actor,
                metrics,
                until);
    }

    @Override
    public void close() {}
}
