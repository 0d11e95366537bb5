package uz.coffeeshop.keycloak.cleanup;

import java.net.URI;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * What every part of one run shares: the realm it works on, how, for whom, the options of the server, and the
 * instant after which it starts no more batches ({@code until}, wall clock).
 */
record RunScope(
        String runId,
        KeycloakSessionFactory factory,
        String realmId,
        String realmName,
        RunKind kind,
        CleanupTrigger trigger,
        CleanupOptions options,
        URI linkBase,
        CleanupActor actor,
        CleanupMetrics metrics,
        long until) {

    /** Whether a run only reports from its start, or changes users (then the realm's switch may still stop it). */
    enum RunKind {
        DRY,
        REAL
    }

    boolean startedDry() {
        return kind == RunKind.DRY;
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
        return Instant.ofEpochMilli(Time.currentTimeMillis());
    }

    /** A session and the run's realm in it. */
    record RealmSession(KeycloakSession session, RealmModel realm) {}
}
