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

    /** The run of {@code realm} under way, if any. */
    Optional<RunningRun> running(RealmModel realm);

    /**
     * A dry run of {@code realm} in the calling thread: the preview, which changes nothing and reads protected users
     * by count, so it answers within a request's time.
     *
     * @throws CleanupRunning when a run of the realm is under way in the cluster
     */
    CleanupReport preview(RealmModel realm, URI linkBase, CleanupActor actor);

    /**
     * Starts a run of {@code realm} that changes users, in the background on this node, and answers its id once the
     * run holds the realm (its report is then at {@link #report}; until it is there, {@link #running} names it): a
     * run may take longer than any request may.
     *
     * @throws CleanupRunning when a run of the realm is under way in the cluster
     */
    String start(RealmModel realm, URI linkBase, CleanupActor actor);
}
