package uz.coffeeshop.keycloak.cleanup;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

/**
 * The cleanup as the rest of the extension uses it ({@code session.getProvider(CleanupProvider.class)}): the
 * server's options, a realm's policy and a user's deadline, the realm's reports, and a run of one realm now.
 */
public interface CleanupProvider extends Provider {

    CleanupOptions options();

    /** The realm's policy: its attributes over the server's options. */
    CleanupPolicy policy(RealmModel realm);

    /**
     * When the cleanup will delete {@code user}: empty unless the user signed up, never verified, no rule protects it
     * and the realm has the cleanup on. With reminders on it already counts the warning every user gets first.
     */
    Optional<Instant> deletionDueAt(RealmModel realm, UserModel user);

    /** The last run's report of {@code realm}, if it ever ran. */
    Optional<CleanupReport> lastReport(RealmModel realm);

    /** The summaries of the realm's last runs, latest first. */
    List<CleanupReport> history(RealmModel realm);

    /** The report of run {@code runId} of {@code realm}, in full while it is the last, then its summary. */
    Optional<CleanupReport> report(RealmModel realm, String runId);

    /** A dry run of {@code realm} in the calling thread: what a run would delete and remind; it changes no user. */
    CleanupReport preview(RealmModel realm, URI linkBase, CleanupActor actor);

    /**
     * A run of {@code realm} that changes users, in the calling thread, bounded as a scheduled tick is; its report.
     * Empty when a run is under way in the cluster (the scheduled task's cluster lock is taken).
     */
    Optional<CleanupReport> run(RealmModel realm, URI linkBase, CleanupActor actor);
}
