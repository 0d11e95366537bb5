package uz.coffeeshop.keycloak.cleanup;

/**
 * A run of a realm under way: written into the realm when the run takes the realm's run lock, removed with its
 * report. What the run's report location answers until the report is there, and what a second request is told.
 */
public record RunningRun(String id, String trigger, String node, String startedAt) {}
