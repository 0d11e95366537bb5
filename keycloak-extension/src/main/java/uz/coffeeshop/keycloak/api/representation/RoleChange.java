package uz.coffeeshop.keycloak.api.representation;

/** The body of {@code PUT /users/{id}/role}: {@code user} or {@code admin}. */
public record RoleChange(String role) {}
