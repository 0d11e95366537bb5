package uz.coffeeshop.keycloak.api.representation;

/** {@code GET /health}: {@code {"status":"UP","realm":"..."}}. */
public record Health(String status, String realm) {}
