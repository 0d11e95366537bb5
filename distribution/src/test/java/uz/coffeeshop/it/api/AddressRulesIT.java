package uz.coffeeshop.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static uz.coffeeshop.it.api.CoffeeApi.PASSWORD;
import static uz.coffeeshop.it.api.CoffeeApi.assertFieldError;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;

/**
 * Addresses nobody can own are refused with the field named, on every way in (the user profile's
 * {@code coffee-deliverable-email} validator and the API's own check for control characters), and an address is
 * stored only as it was sent: a NUL at its end is an error, not stripped.
 */
@CoffeeStackTest
class AddressRulesIT {

    /** An IP literal, a bare IPv4 domain, localhost, a dotless domain, a NUL, a line break, a tab. */
    private static final List<String> UNOWNABLE =
            List.of("x@localhost", "a@[127.0.0.1]", "a@127.0.0.1", "a@b", "a@b.c\u0000", "a@b.c\n", "a\t@example.com");

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void signUpResendAndEveryChangeRefuseAnAddressNobodyCanOwn(int which, CoffeeStack stack) {
        String address = UNOWNABLE.get(which);
        CoffeeApi api = new CoffeeApi(stack);
        CoffeeApi.Account user = api.account("address-rules", false);
        CoffeeApi.Account admin = api.account("address-admin", true);

        assertFieldError(
                api.send("POST", "/auth/signup", null, Map.of("email", address, "password", PASSWORD)), 400, "email");
        assertFieldError(api.send("POST", "/auth/verification-email", null, Map.of("email", address)), 400, "email");
        assertFieldError(api.send("PATCH", "/users/me", user.token(), Map.of("email", address)), 400, "email");
        assertFieldError(
                api.send("PATCH", "/users/" + user.id(), admin.token(), Map.of("email", address)), 400, "email");

        String stripped = address.strip().replace("\u0000", "");
        assertThat(api.admin()
                        .send(
                                "GET",
                                "/users?exact=true&email="
                                        + java.net.URLEncoder.encode(stripped, java.nio.charset.StandardCharsets.UTF_8),
                                null)
                        .json())
                .as("nothing stored for %s", stripped)
                .isEmpty();
        assertThat(api.admin().user(user.id()).path("email").asText()).isEqualTo(user.email());
        assertThat(api.admin()
                        .user(user.id())
                        .path("attributes")
                        .path("kc.email.pending")
                        .isMissingNode())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x@localhost", "a@[127.0.0.1]", "a@b"})
    void keycloaksOwnAdminApiRefusesThemTooThroughTheUserProfile(String address, CoffeeStack stack) {
        CoffeeApi api = new CoffeeApi(stack);

        Http.Response created =
                api.admin().send("POST", "/users", Map.of("username", address, "email", address, "enabled", true));

        assertThat(created.status()).as(created.toString()).isEqualTo(400);
    }
}
