package uz.coffeeshop.keycloak.api.representation;

/** The body of {@code POST /auth/verification-email}: the address to send a fresh link to. */
public record ResendRequest(String email) {}
