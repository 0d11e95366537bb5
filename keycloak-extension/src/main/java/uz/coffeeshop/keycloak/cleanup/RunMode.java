package uz.coffeeshop.keycloak.cleanup;

import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * Whether a run only reports, and since when. A run starts dry or not; a run that started for real turns dry at the
 * re-check of a batch that finds the realm's dry-run switch on when it was off at the start (an operator stopping
 * deletions mid-run, issue #13): that batch and every later one only count. A switch that was already on at the
 * start changes nothing (a manual run is not dry whatever the switch says). Shared by the run's workers.
 */
final class RunMode {

    private static final Logger LOG = Logger.getLogger(RunMode.class);

    private final boolean startedDry;
    private final boolean switchOnAtStart;
    private volatile Instant turnedDryAt;

    RunMode(boolean startedDry, boolean switchOnAtStart) {
        this.startedDry = startedDry;
        this.switchOnAtStart = switchOnAtStart;
    }

    /** Whether the run only reports now. */
    boolean dry() {
        return startedDry || turnedDryAt != null;
    }

    boolean startedDry() {
        return startedDry;
    }

    /** When a run that started for real turned dry. */
    Optional<Instant> turnedDryAt() {
        return Optional.ofNullable(turnedDryAt);
    }

    /** At a batch's re-check: the realm's switch turned on since the start makes the run dry from this batch. */
    void recheck(RealmModel realm, CleanupOptions options) {
        if (dry() || switchOnAtStart || !CleanupPolicy.scheduledDryRun(realm, options.dryRun())) {
            return;
        }
        synchronized (this) {
            if (turnedDryAt == null) {
                turnedDryAt = RunScope.now();
                LOG.infof(
                        "Realm %s: dry run switched on; the cleanup run under way only reports from now",
                        realm.getName());
            }
        }
    }
}
