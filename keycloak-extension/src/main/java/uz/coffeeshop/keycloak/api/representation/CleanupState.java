package uz.coffeeshop.keycloak.api.representation;

import java.util.List;
import uz.coffeeshop.keycloak.cleanup.CleanupReport;

/**
 * {@code GET /admin/cleanup} (and the answer of {@code PUT settings}): the policy in force, the realm's own settings,
 * the stored values the cleanup ignores, the server's defaults, the last report (null before the first run) and the
 * recent runs' summaries. Keycloak's JAX-RS provider, which writes it, leaves every null out: no {@code lastReport}
 * before the first run, no {@code enabledSince} while the cleanup is off.
 */
public record CleanupState(
        Policy policy,
        CleanupSettings settings,
        List<IgnoredSetting> ignored,
        ServerDefaults serverDefaults,
        CleanupReport lastReport,
        List<CleanupReport> history) {

    /** The rules the next scheduled run applies; {@code enabledSince} is null while the cleanup is off. */
    public record Policy(
            boolean enabled,
            long lifetimeMinutes,
            long reminderLeadMinutes,
            String enabledSince,
            long intervalSeconds,
            int batchSize,
            long runSeconds,
            boolean dryRun) {}

    /**
     * A realm attribute that breaks the cleanup's rules (set around this API, e.g. a lifetime of 0), so the server's
     * option applies instead: its field, the attribute, the stored text and why it is ignored.
     */
    public record IgnoredSetting(String field, String attribute, String value, String message) {}

    /** The server's options, what a realm gets where it sets nothing. */
    public record ServerDefaults(long lifetimeMinutes, long reminderLeadMinutes, boolean dryRun) {}
}
