package uz.coffeeshop.keycloak.cleanup;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * A manual run that changes users: handed to a background thread, on the path of the scheduled run ({@link
 * DefaultCleanupProviderFactory#runGuarded}), because it may last longer than Keycloak's transaction timeout (5
 * minutes), after which the request's own transaction is reaped and the request answers 500 although the run goes
 * on. The request waits only until the run holds the realm or is refused.
 */
final class ManualRun {

    private static final Logger LOG = Logger.getLogger(ManualRun.class);
    /** Taking the realm's lease and marking the run are two small transactions. */
    private static final long START_SECONDS = 60;

    private final DefaultCleanupProviderFactory cleanup;
    private final RunScope scope;

    ManualRun(DefaultCleanupProviderFactory cleanup, RunScope scope) {
        this.cleanup = cleanup;
        this.scope = scope;
    }

    /** True once the run holds the realm and is marked as under way; false when another run holds it. */
    boolean start() {
        CompletableFuture<Boolean> held = new CompletableFuture<>();
        cleanup.background().execute(() -> {
            try {
                if (cleanup.runGuarded(scope, () -> held.complete(true)).isEmpty()) {
                    held.complete(false);
                }
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "Realm %s: manual cleanup run %s failed", scope.realmName(), scope.runId());
                held.completeExceptionally(e);
            }
        });
        try {
            return held.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the cleanup run started", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the cleanup run did not start: " + e.getMessage(), e);
        }
    }
}
