package uz.coffeeshop.keycloak.api.representation;

/**
 * A realm's own cleanup settings, as {@code PUT /admin/cleanup/settings} takes them and {@code GET /admin/cleanup}
 * shows them: a lifetime or reminder lead of {@code null} means the server's option applies (taken as null, shown
 * by leaving the field out).
 */
public record CleanupSettings(boolean enabled, Long lifetimeMinutes, Long reminderLeadMinutes, boolean dryRun) {}
