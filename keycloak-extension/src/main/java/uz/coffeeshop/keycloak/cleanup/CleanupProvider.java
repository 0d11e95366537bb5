package uz.coffeeshop.keycloak.cleanup;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/** The cleanup as the admin resource uses it: the server's options, the realm's reports, and a run of one realm now. */
public interface CleanupProvider extends Provider {

    CleanupOptions options();

    /** The last run's report of {@code realm}, if it ever ran. */
    Optional<CleanupReport> lastReport(RealmModel realm);

    /** The summaries of the realm's last runs, latest first. */
    List<CleanupReport> history(RealmModel realm);

    /**
     * Runs the cleanup of {@code realm} in the calling thread, batch by batch; stamps when the policy was switched on
     * first, as a scheduled run does.
     *
     * @throws IllegalStateException when a run of this realm is already under way on this node
     */
    CleanupReport runNow(RealmModel realm, boolean dryRun, URI linkBase, CleanupActor actor);
}
