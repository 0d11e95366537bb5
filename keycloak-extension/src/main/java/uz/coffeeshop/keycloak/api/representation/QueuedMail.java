package uz.coffeeshop.keycloak.api.representation;

/** The 202 of {@code POST /admin/mail/{id}/retry}: the mail and its new status, {@code PENDING}. */
public record QueuedMail(String id, String status) {}
