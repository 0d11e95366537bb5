package uz.coffeeshop.it.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.Tokens;

/** {@code GET /realms/coffee-shop/coffee/admin/mail}: the outbox's state, for holders of {@code mail:read} only. */
@CoffeeStackTest
class MailAdminIT {

    private static URI mailStatus(CoffeeStack stack) {
        return stack.keycloak().baseUrl().resolve("/realms/coffee-shop/coffee/admin/mail");
    }

    @Test
    void getMailWithoutTokenThenUnauthorizedProblem(CoffeeStack stack) {
        Http.Response response = Http.get(mailStatus(stack));

        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
    }

    @Test
    void getMailWithForgedTokenThenUnauthorized(CoffeeStack stack) {
        Http.Response response = Http.get(mailStatus(stack), "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");

        assertThat(response.status()).as(response.toString()).isEqualTo(401);
    }

    @Test
    void getMailAsPlainUserThenForbidden(CoffeeStack stack) {
        String email = "mail-user-" + System.nanoTime() + "@example.com";
        new KeycloakAdmin(stack.keycloak(), CoffeeStack.REALM).createUser(email, OutboxFixture.PASSWORD, true);
        String token = Tokens.login(stack.keycloak(), CoffeeStack.REALM, email, OutboxFixture.PASSWORD)
                .accessToken();

        Http.Response response = Http.get(mailStatus(stack), token);

        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.json().path("detail").asText()).contains("mail:read");
    }

    @Test
    void getMailAsAdminThenTheOutboxCounts(CoffeeStack stack) {
        Http.Response response = Http.get(mailStatus(stack), OutboxFixture.adminToken(stack.keycloak()));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().has("pending")).isTrue();
        assertThat(response.json().has("dead")).isTrue();
        assertThat(response.json().has("expired")).isTrue();
        assertThat(response.json().path("lastErrors").isArray()).isTrue();
    }

    @Test
    void theStackSendsItsMailThroughTheOutbox(CoffeeStack stack) {
        String email = "stack-mail-" + System.nanoTime() + "@example.com";
        OutboxFixture.signUp(stack.keycloak(), email);

        stack.mailbox().awaitMessage(email, OutboxFixture.VERIFICATION_SUBJECT, java.time.Duration.ofSeconds(60));
        assertThat(OutboxFixture.metrics(stack.keycloak())).contains("coffee_mail_queued_total");
    }
}
