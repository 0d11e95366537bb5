package uz.coffeeshop.keycloak.cleanup;

import java.util.Locale;
import java.util.Optional;

/** How a batch's due users are removed (option {@value CleanupOptions#REMOVAL}). */
public enum Removal {
    /** The batch's users together: {@link BatchRemoval}. */
    BATCH,
    /** Keycloak's own {@code UserManager.removeUser}, one user after the other, as the admin API does. */
    KEYCLOAK;

    String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Removal> named(String text) {
        for (Removal removal : values()) {
            if (removal.optionValue().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(removal);
            }
        }
        return Optional.empty();
    }
}
