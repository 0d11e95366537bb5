package uz.coffeeshop.keycloak.api.representation;

/** The body of {@code POST /auth/signup}: e-mail and password required, the names optional (null when left out). */
public record SignUpRequest(String email, String password, String firstName, String lastName) {}
