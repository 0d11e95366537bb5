package uz.coffeeshop.keycloak.cleanup;

import java.util.Optional;

/** A run of the realm is already under way somewhere in the cluster; {@link #running()} says which, when known. */
public final class CleanupRunning extends RuntimeException {

    private final transient RunningRun running;

    CleanupRunning(String realmName, RunningRun running) {
        super("a cleanup of realm " + realmName + " is running");
        this.running = running;
    }

    public Optional<RunningRun> running() {
        return Optional.ofNullable(running);
    }
}
