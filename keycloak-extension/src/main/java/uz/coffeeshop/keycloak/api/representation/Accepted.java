package uz.coffeeshop.keycloak.api.representation;

/**
 * The one 202 body of an open endpoint that must not tell whether an address has an account:
 * {@code {"status":"accepted","message":"..."}}.
 */
public record Accepted(String status, String message) {

    public static Accepted because(String message) {
        return new Accepted("accepted", message);
    }
}
