package uz.coffeeshop.keycloak.cleanup;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * When an unverified account of a realm is due for deletion. First version: on when the realm attribute
 * {@value #ENABLED_ATTRIBUTE} is {@code true} (never for master), lifetime from {@value #LIFETIME_ATTRIBUTE} or
 * {@code UNVERIFIED_USER_LIFETIME_MINUTES} (default 2880); the cleanup issue completes it.
 */
public final class CleanupPolicy {

    public static final String ENABLED_ATTRIBUTE = "coffee.cleanup.enabled";
    public static final String LIFETIME_ATTRIBUTE = "coffee.cleanup.lifetimeMinutes";
    public static final long DEFAULT_LIFETIME_MINUTES = 2880;

    private final boolean enabled;
    private final Duration lifetime;

    private CleanupPolicy(boolean enabled, Duration lifetime) {
        this.enabled = enabled;
        this.lifetime = lifetime;
    }

    public static CleanupPolicy forRealm(RealmModel realm) {
        boolean enabled =
                !"master".equals(realm.getName()) && Boolean.parseBoolean(realm.getAttribute(ENABLED_ATTRIBUTE));
        String minutes = realm.getAttribute(LIFETIME_ATTRIBUTE);
        if (minutes == null || minutes.isBlank()) {
            minutes = System.getenv("UNVERIFIED_USER_LIFETIME_MINUTES");
        }
        long lifetime =
                minutes == null || minutes.isBlank() ? DEFAULT_LIFETIME_MINUTES : Long.parseLong(minutes.trim());
        return new CleanupPolicy(enabled, Duration.ofMinutes(lifetime));
    }

    public boolean enabled() {
        return enabled;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** The deadline of a never-verified account, empty for a verified one or when the cleanup is off. */
    public Optional<Instant> deletionDueAt(UserModel user) {
        if (!enabled || user.isEmailVerified() || user.getCreatedTimestamp() == null) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(user.getCreatedTimestamp()).plus(lifetime));
    }
}
