package uz.coffeeshop.keycloak.cleanup;

import java.net.URI;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** What every part of one run shares: the realm it works on, how, for whom, and the options of the server. */
record RunScope(
        String runId,
        KeycloakSessionFactory factory,
        String realmId,
        String realmName,
        RunMode mode,
        String trigger,
        CleanupOptions options,
        URI linkBase,
        CleanupActor actor,
        CleanupMetrics metrics) {

    /** Whether the run only reports now (it may have turned dry since it started: {@link RunMode}). */
    boolean dryRun() {
        return mode.dry();
    }

    /** This run as under way, for its report location until the report is there. */
    RunningRun running(Instant started) {
        return new RunningRun(runId, trigger, NodeName.get(), started.toString());
    }

    /** The realm's policy as this run's options make it. */
    CleanupPolicy policy(RealmModel realm) {
        return CleanupPolicy.of(realm, options);
    }

    /** Runs {@code job} in a transaction of its own with the realm (null when it was removed meanwhile). */
    <T> T withResult(Function<RealmSession, T> job) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            return job.apply(new RealmSession(session, realm));
        });
    }

    void inTransaction(Consumer<RealmSession> job) {
        withResult(realmSession -> {
            job.accept(realmSession);
            return null;
        });
    }

    static Instant now() {
        return Instant.ofEpochMilli(org.keycloak.common.util.Time.currentTimeMillis());
    }

    /** A session and the run's realm in it. */
    record RealmSession(KeycloakSession session, RealmModel realm) {}
}
