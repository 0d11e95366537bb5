package uz.coffeeshop.keycloak.cleanup;

import java.net.URI;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/** The cleanup as the admin resource uses it: the server's options, and a run of one realm now. */
public interface CleanupProvider extends Provider {

    CleanupOptions options();

    /**
     * Runs the cleanup of {@code realm} in the calling thread, batch by batch.
     *
     * @throws IllegalStateException when a run of this realm is already under way on this node
     */
    CleanupReport runNow(RealmModel realm, boolean dryRun, URI linkBase, DeletionAudit.Actor actor);
}
