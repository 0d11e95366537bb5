package uz.coffeeshop.keycloak.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LinkExpiryTest {

    private static String token(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS512\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    private static String link(String claims) {
        return "http://127.0.0.1:8080/realms/coffee-shop/login-actions/action-token?key=" + token(claims)
                + "&client_id=account-console";
    }

    @Test
    void readsTheExpiryOfTheActionTokenInTheLink() {
        assertThat(LinkExpiry.earliest("Open " + link("{\"exp\":1800000000,\"typ\":\"verify-email\"}")))
                .contains(1_800_000_000_000L);
    }

    @Test
    void takesTheEarliestOfSeveralLinksInTextAndHtml() {
        String text = "first " + link("{\"exp\":1800000100}");
        String html = "<a href=\"" + link("{\"exp\":1800000000}").replace("&", "&amp;") + "\">verify</a>";
        assertThat(LinkExpiry.earliest(text, html)).contains(1_800_000_000_000L);
    }

    @Test
    void findsTheKeyAfterAnEncodedAmpersand() {
        String html = "<a href=\"http://x/action-token?client_id=a&amp;key=" + token("{\"exp\":1700000000}") + "\">";
        assertThat(LinkExpiry.earliest(html)).contains(1_700_000_000_000L);
    }

    @Test
    void aMailWithoutActionTokenHasNoExpiry() {
        assertThat(LinkExpiry.earliest("Sign in at http://127.0.0.1:8080/realms/coffee-shop/account", null))
                .isEmpty();
    }

    @Test
    void aKeyThatIsNoJwtIsIgnored() {
        assertThat(LinkExpiry.earliest("http://x/?key=abc.%%%.def and http://y/?key=bm90anNvbg.bm90anNvbg.x"))
                .isEmpty();
    }

    @Test
    void aTokenWithoutExpHasNoExpiry() {
        assertThat(LinkExpiry.earliest(link("{\"typ\":\"verify-email\"}"))).isEmpty();
    }
}
