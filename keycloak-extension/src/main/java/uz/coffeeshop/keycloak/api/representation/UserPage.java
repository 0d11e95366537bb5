package uz.coffeeshop.keycloak.api.representation;

import java.util.List;

/** {@code GET /users}: one page of users, the number of all that match, and the page's bounds as applied. */
public record UserPage(List<UserJson> users, long total, int first, int max) {}
