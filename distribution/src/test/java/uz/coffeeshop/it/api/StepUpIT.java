package uz.coffeeshop.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static uz.coffeeshop.it.api.CoffeeApi.assertProblem;

import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.Mailbox;

/**
 * A stolen access token can't take the account: an e-mail change or the deletion through {@code /users/me} needs a
 * login within the realm's {@code coffee.recentLoginSeconds} ({@code COFFEE_RECENT_LOGIN_SECONDS}) by the token's
 * {@code auth_time}; otherwise 401 {@code insufficient_user_authentication} (RFC 9470), straight and through the
 * gateway alike. The token is made old by setting the realm's limit to 1 s and moving Keycloak's clock a few seconds
 * ahead ({@link uz.coffeeshop.it.support.KeycloakClock}), not by waiting.
 */
@CoffeeStackTest
class StepUpIT {

    private static final String ATTRIBUTE = "coffee.recentLoginSeconds";
    private static final Duration MAIL = Duration.ofSeconds(60);

    @Test
    void aFreshLoginChangesTheEmailAndTheOldAddressHearsOfIt(CoffeeStack stack) throws Exception {
        CoffeeApi api = new CoffeeApi(stack);
        CoffeeApi.Account user = api.account("fresh", false);
        String newEmail = CoffeeApi.uniqueEmail("fresh-new");

        Http.Response changed = api.send("PATCH", "/users/me", user.token(), Map.of("email", newEmail));

        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        MimeMessage notice = stack.mailbox().awaitMessage(user.email(), "is changing", MAIL);
        assertThat(Mailbox.text(notice)).contains(newEmail).contains("change your password");
        assertThat(notice.getContentType()).startsWith("multipart/alternative");
    }

    @Test
    void anOldLoginCanNeitherChangeTheEmailNorDeleteTheAccountStraightOrThroughTheGateway(CoffeeStack stack) {
        CoffeeApi api = new CoffeeApi(stack);
        String was = api.admin()
                .send("GET", "", null)
                .json()
                .path("attributes")
                .path(ATTRIBUTE)
                .asText(null);
        api.setRealmAttributes(Map.of(ATTRIBUTE, "1"));
        try {
            CoffeeApi.Account user = api.account("stale", false);
            // Past the 1 s limit for Keycloak (the login's time has a resolution of one second), while the token
            // stays valid there (5 minutes) and for the gateway, which keeps the real time.
            stack.clock().setAhead(Duration.ofSeconds(5));

            assertStepUp(api.send("PATCH", "/users/me", user.token(), Map.of("email", CoffeeApi.uniqueEmail("x"))));
            assertStepUp(api.delete("/users/me", user.token()));
            assertStepUp(throughTheGateway(stack, "PATCH", user.token(), Map.of("email", CoffeeApi.uniqueEmail("y"))));
            assertStepUp(throughTheGateway(stack, "DELETE", user.token(), null));

            assertThat(api.admin().user(user.id()).path("email").asText()).isEqualTo(user.email());
            assertThat(api.get("/users/me", user.token()).status())
                    .as("reading and renaming need no step-up")
                    .isEqualTo(200);
            assertThat(api.send("PATCH", "/users/me", user.token(), Map.of("firstName", "Still"))
                            .status())
                    .isEqualTo(200);
        } finally {
            stack.clock().reset();
            api.setRealmAttributes(java.util.Collections.singletonMap(ATTRIBUTE, was));
        }
    }

    private static Http.Response throughTheGateway(CoffeeStack stack, String method, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        stack.gateway().baseUrl().resolve("/api/users/me"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : Http.jsonBody(body));
        return Http.send(request);
    }

    private static void assertStepUp(Http.Response response) {
        assertProblem(response, 401);
        assertThat(response.json().path("type").asText())
                .isEqualTo("urn:coffee-shop:problem:insufficient-user-authentication");
        assertThat(response.header("WWW-Authenticate").orElse(""))
                .as(response.toString())
                .startsWith("Bearer ")
                .contains("error=\"insufficient_user_authentication\"")
                .contains("max_age=1");
    }
}
