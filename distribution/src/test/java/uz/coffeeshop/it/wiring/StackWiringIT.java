package uz.coffeeshop.it.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.Tokens;

/** The foundation holds: the real Keycloak serves the imported realm and the extension, the gateway routes to it. */
@CoffeeStackTest
class StackWiringIT {

    @Test
    void oidcDiscoveryOfTheCoffeeShopRealmAnswers(CoffeeStack stack) {
        var response = Http.get(stack.keycloak()
                .realmUrl(CoffeeStack.REALM)
                .resolve("/realms/coffee-shop/.well-known/openid-configuration"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("issuer").asText())
                .isEqualTo(stack.keycloak().realmUrl(CoffeeStack.REALM).toString());
    }

    @Test
    void extensionAnswersInsideTheRealm(CoffeeStack stack) {
        var response = Http.get(stack.keycloak().baseUrl().resolve("/realms/coffee-shop/coffee/health"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("status").asText()).isEqualTo("UP");
        assertThat(response.json().path("realm").asText()).isEqualTo("coffee-shop");
    }

    @Test
    void gatewayRoutesApiToTheExtension(CoffeeStack stack) {
        var response = Http.get(stack.gateway().baseUrl().resolve("/api/health"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("realm").asText()).isEqualTo("coffee-shop");
    }

    @Test
    void apiClientLogsInAndItsAccessTokenIsMeantForTheApi(CoffeeStack stack) throws Exception {
        String email = "wiring-" + System.nanoTime() + "@example.com";
        new KeycloakAdmin(stack.keycloak(), CoffeeStack.REALM).createUser(email, "a long enough password", true);

        Tokens.TokenSet tokens = Tokens.login(stack.keycloak(), CoffeeStack.REALM, email, "a long enough password");

        JsonNode claims = Http.JSON.readTree(
                Base64.getUrlDecoder().decode(tokens.accessToken().split("\\.")[1]));
        assertThat(claims.path("aud").toString()).contains("coffee-api");
        assertThat(claims.path("typ").asText()).isEqualTo("Bearer");
        assertThat(claims.path("realm_access").path("roles").toString()).contains("\"user\"");
        assertThat(claims.path("realm_access").path("roles").toString()).doesNotContain("\"admin\"");
    }

    @Test
    void gatewayAnswersItsOwnHealth(CoffeeStack stack) {
        var response = Http.get(stack.gateway().baseUrl().resolve("/actuator/health"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("status").asText()).isEqualTo("UP");
    }
}
