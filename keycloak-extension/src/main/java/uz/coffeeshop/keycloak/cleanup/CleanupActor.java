package uz.coffeeshop.keycloak.cleanup;

/** Who started a run, as its admin events name it: the admin of a manual run, or the scheduled task. */
public record CleanupActor(String realmId, String clientId, String userId, String ipAddress) {

    static CleanupActor scheduler(String realmId) {
        return new CleanupActor(realmId, DeletionAudit.ACTOR, null, "127.0.0.1");
    }
}
