package uz.coffeeshop.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static uz.coffeeshop.it.api.CoffeeApi.PASSWORD;
import static uz.coffeeshop.it.api.CoffeeApi.assertFieldError;
import static uz.coffeeshop.it.api.CoffeeApi.assertProblem;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.Mailbox;

/** {@code POST /auth/verification-email}: a new link for unverified accounts, and nothing to learn for anyone. */
@CoffeeStackTest
class VerificationResendIT {

    @Test
    void anUnverifiedAccountGetsANewLinkThatVerifiesIt(CoffeeStack stack) {
        CoffeeApi api = new CoffeeApi(stack);
        String email = CoffeeApi.uniqueEmail("resend");
        String id = api.admin().createUserAwaitingVerification(email, PASSWORD);

        Http.Response response =
                api.send("POST", "/auth/verification-email", null, Map.of("email", email.toUpperCase()));

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        String link = Mailbox.link(stack.mailbox().awaitMessage(email, "", Duration.ofSeconds(60)), "action-token");
        String pages = CoffeeApi.openInBrowser(link);
        assertThat(api.admin().user(id).path("emailVerified").asBoolean())
                .as(pages)
                .isTrue();
    }

    @Test
    void aSecondRequestWithinTheCooldownSendsNoSecondMail(CoffeeStack stack) {
        CoffeeApi api = new CoffeeApi(stack);
        String email = CoffeeApi.uniqueEmail("cooldown");
        api.admin().createUserAwaitingVerification(email, PASSWORD);

        Http.Response first = api.send("POST", "/auth/verification-email", null, Map.of("email", email));
        stack.mailbox().awaitMessage(email, "", Duration.ofSeconds(60));
        Http.Response second = api.send("POST", "/auth/verification-email", null, Map.of("email", email));

        assertThat(second.status()).isEqualTo(202);
        assertThat(second.text()).isEqualTo(first.text());
        // The outbox sends in the order mails were queued: once a mail queued after the second request has come,
        // a mail the second request had queued would have come before it.
        String later = CoffeeApi.uniqueEmail("cooldown-later");
        api.admin().createUserAwaitingVerification(later, PASSWORD);
        api.send("POST", "/auth/verification-email", null, Map.of("email", later));
        stack.mailbox().awaitMessage(later, "", Duration.ofSeconds(60));
        assertThat(stack.mailbox().messagesTo(email)).hasSize(1);
    }

    @Test
    void unknownVerifiedAndUnverifiedAddressesGetTheSameAnswer(CoffeeStack stack) {
        CoffeeApi api = new CoffeeApi(stack);
        String verified = CoffeeApi.uniqueEmail("resend-verified");
        api.admin().createUser(verified, PASSWORD, true);
        String unverified = CoffeeApi.uniqueEmail("resend-unverified");
        api.admin().createUserAwaitingVerification(unverified, PASSWORD);

        Http.Response forUnknown =
                api.send("POST", "/auth/verification-email", null, Map.of("email", CoffeeApi.uniqueEmail("nobody")));
        Http.Response forVerified = api.send("POST", "/auth/verification-email", null, Map.of("email", verified));
        Http.Response forUnverified = api.send("POST", "/auth/verification-email", null, Map.of("email", unverified));

        for (Http.Response response : List.of(forUnknown, forVerified, forUnverified)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(202);
            assertThat(response.text()).isEqualTo(forUnknown.text());
            assertThat(response.header("Content-Type")).isEqualTo(forUnknown.header("Content-Type"));
        }
        stack.mailbox().awaitMessage(unverified, "", Duration.ofSeconds(60));
        assertThat(stack.mailbox().messagesTo(verified)).isEmpty();
    }

    @Test
    void aBadBodyIs400NamingTheField(CoffeeStack stack) {
        CoffeeApi api = new CoffeeApi(stack);

        assertFieldError(api.send("POST", "/auth/verification-email", null, Map.of()), 400, "email");
        assertFieldError(api.send("POST", "/auth/verification-email", null, Map.of("email", 7)), 400, "email");
        assertFieldError(
                api.send("POST", "/auth/verification-email", null, Map.of("email", "x", "id", "y")), 400, "id");
        assertProblem(api.sendRaw("POST", "/auth/verification-email", null, "application/json", "{"), 400);
    }
}
