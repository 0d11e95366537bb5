package uz.coffeeshop.keycloak.cleanup;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What started a run: the cluster's timer or an operator through the API; reports and metrics name it in lowercase. */
public enum CleanupTrigger {
    SCHEDULED,
    MANUAL;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
