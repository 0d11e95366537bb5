package uz.coffeeshop.keycloak.cleanup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts of one batch or one run; a batch's tally joins the run's only once its transaction committed. */
final class CleanupTally {

    static final int SAMPLE = 50;
    private static final int MESSAGES = 10;

    /** A batch worked on while the run was dry: its counts are what it would have done (never in the metrics). */
    boolean dry;

    long examined;
    long deleted;
    long reminded;
    long errors;
    final Map<String, Long> skipped = new LinkedHashMap<>();
    final List<String> errorMessages = new ArrayList<>();
    final List<CleanupReport.UserLine> users = new ArrayList<>();

    void skip(NeverDeleteRule rule) {
        skipped.merge(rule.key(), 1L, Long::sum);
    }

    /** {@code count} candidates examined by one aggregate query and protected by the rule {@code key}. */
    void skipAfterCount(String key, long count) {
        examined += count;
        skipped.merge(key, count, Long::sum);
    }

    void user(CleanupReport.UserLine line) {
        if (users.size() < SAMPLE) {
            users.add(line);
        }
    }

    void error(String message) {
        errors++;
        if (errorMessages.size() < MESSAGES) {
            errorMessages.add(message);
        }
    }

    void add(CleanupTally other) {
        dry |= other.dry;
        examined += other.examined;
        deleted += other.deleted;
        reminded += other.reminded;
        other.skipped.forEach((reason, count) -> skipped.merge(reason, count, Long::sum));
        other.errorMessages.forEach(message -> {
            if (errorMessages.size() < MESSAGES) {
                errorMessages.add(message);
            }
        });
        errors += other.errors;
        other.users.forEach(this::user);
    }

    Map<String, Long> skippedByKey() {
        Map<String, Long> byKey = new LinkedHashMap<>();
        for (NeverDeleteRule rule : NeverDeleteRule.IN_ORDER) {
            byKey.put(rule.key(), skipped.getOrDefault(rule.key(), 0L));
        }
        return byKey;
    }
}
