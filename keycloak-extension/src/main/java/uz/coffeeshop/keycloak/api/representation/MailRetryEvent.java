package uz.coffeeshop.keycloak.api.representation;

/** The representation of the admin event a mail's retry records: {@code {"mail":"<id>"}}. */
public record MailRetryEvent(String mail) {}
