package uz.coffeeshop.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;

/**
 * A second, small realm shaped like the coffee shop (roles user/admin, the coffee-api permissions, a password-grant
 * client with the coffee-api audience), created through Keycloak's admin API: for rules that need a realm of
 * their own (exactly one admin) and for tokens of another realm.
 */
final class ShopRealm {

    /** Keycloak's default user profile of a new realm requires names; without them a login is refused. */
    static final Map<String, Object> NAMES = Map.of("firstName", "Test", "lastName", "User");

    static final List<String> PERMISSIONS = List.of("users:read", "users:write", "users:delete", "roles:assign");

    private ShopRealm() {}

    static String create(CoffeeStack stack, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> audience = Map.of(
                "name", "coffee-api audience",
                "protocol", "openid-connect",
                "protocolMapper", "oidc-audience-mapper",
                "config", Map.of("included.client.audience", "coffee-api", "access.token.claim", "true"));
        Map<String, Object> realm = Map.of(
                "realm",
                name,
                "enabled",
                true,
                "registrationAllowed",
                true,
                "registrationEmailAsUsername",
                true,
                "roles",
                Map.of(
                        "realm",
                                List.of(
                                        Map.of("name", "user"),
                                        Map.of(
                                                "name",
                                                "admin",
                                                "composite",
                                                true,
                                                "composites",
                                                Map.of(
                                                        "realm", List.of("user"),
                                                        "client", Map.of("coffee-api", PERMISSIONS)))),
                        "client",
                                Map.of(
                                        "coffee-api",
                                        PERMISSIONS.stream()
                                                .map(permission -> Map.of("name", permission))
                                                .toList())),
                "clients",
                List.of(
                        Map.of("clientId", "coffee-api", "bearerOnly", true, "enabled", true),
                        Map.of(
                                "clientId", "coffee-cli",
                                "publicClient", true,
                                "enabled", true,
                                "standardFlowEnabled", false,
                                "directAccessGrantsEnabled", true,
                                "protocolMappers", List.of(audience))));
        KeycloakAdmin admin = new KeycloakAdmin(stack.keycloak(), name);
        Http.Response response =
                Http.send(HttpRequest.newBuilder(stack.keycloak().baseUrl().resolve("/admin/realms"))
                        .header("Authorization", "Bearer " + admin.token())
                        .header("Content-Type", "application/json")
                        .POST(Http.jsonBody(realm)));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        // Every new account gets the role user, as in the coffee-shop realm.
        String defaultRoles = "default-roles-" + name;
        Http.Response composite = admin.send(
                "POST",
                "/roles/" + defaultRoles + "/composites",
                List.of(admin.send("GET", "/roles/user", null).json()));
        assertThat(composite.status()).as(composite.toString()).isEqualTo(204);
        return name;
    }

    /** Gives a user one coffee-api permission directly, without the admin role. */
    static void grantPermission(KeycloakAdmin admin, String userId, String permission) {
        String clientUuid = admin.send("GET", "/clients?clientId=coffee-api", null)
                .json()
                .get(0)
                .path("id")
                .asText();
        Http.Response role = admin.send("GET", "/clients/" + clientUuid + "/roles/" + permission, null);
        Http.Response response =
                admin.send("POST", "/users/" + userId + "/role-mappings/clients/" + clientUuid, List.of(role.json()));
        assertThat(response.status()).as(response.toString()).isEqualTo(204);
    }

    static void delete(CoffeeStack stack, String name) {
        new KeycloakAdmin(stack.keycloak(), name).send("DELETE", "", null);
    }
}
