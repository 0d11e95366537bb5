package uz.coffeeshop.keycloak.cleanup;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What one run did (or, for a dry run, would have done: then {@code deleted} and {@code reminded} count what it
 * would delete and remind). {@code users} lists the first {@value CleanupTally#SAMPLE} users acted on;
 * {@code id} names the run (its report's location); {@code complete}
 * is false when the run stopped before the last candidate (its time was up, or the database went away): the next run
 * goes on. {@code turnedDryAt} is when a run that started for real found the realm's dry-run switch on at a batch
 * (absent otherwise): from then on its
 * counts are what it would have done, before that what it did (the admin events and metrics hold only the real).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CleanupReport(
        String id,
        String realm,
        CleanupTrigger trigger,
        boolean dryRun,
        String node,
        String startedAt,
        String finishedAt,
        long durationMillis,
        boolean complete,
        long examined,
        long deleted,
        long reminded,
        Map<String, Long> skipped,
        long errors,
        List<String> errorMessages,
        List<UserLine> users,
        String turnedDryAt) {

    /** One user the run deleted or reminded (or would have). */
    public record UserLine(String id, String email, String action, String deletionDueAt) {}

    /** The report without its user list, for the short history kept next to the last report. */
    CleanupReport summary() {
        return new CleanupReport(
                id,
                realm,
                trigger,
                dryRun,
                node,
                startedAt,
                finishedAt,
                durationMillis,
                complete,
                examined,
                deleted,
                reminded,
                skipped,
                errors,
                errorMessages,
                null,
                turnedDryAt);
    }
}
