package uz.coffeeshop.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;

class BearerHeaderTest {

    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl";

    @Test
    void readsHeadersExactlyAsSpringSecurityDoes() {
        List<String> headers = List.of(
                "Bearer " + JWT,
                "bearer " + JWT,
                "BEARER " + JWT,
                "Bearer abc==",
                "Bearer a-b.c_d~e+f/g",
                "Bearer ",
                "Bearer",
                "Bearer  " + JWT,
                "Bearer " + JWT + " ",
                "Bearer\t" + JWT,
                "Bearer " + JWT + "=x",
                "Bearer ==",
                "Bearer " + JWT + "\u00e9",
                "Bearertoken",
                "Basic dXNlcjpwYXNz",
                "Token " + JWT,
                "");
        for (String header : headers) {
            assertThat(ours(header)).as("Authorization: %s", header).isEqualTo(springs(header));
        }
        assertThat(ours(null)).isEqualTo(springs(null));
    }

    @Test
    void theTokenIsWhatFollowsTheScheme() {
        assertThat(ours("Bearer " + JWT)).isEqualTo("token " + JWT);
        assertThat(ours("Bearer a b")).startsWith("error ");
        assertThat(ours("Basic x")).isEqualTo("none");
    }

    /** "token T", "none" or "error <class>: <message>", so that the two readers can be compared. */
    private static String ours(String header) {
        try {
            String token = BearerHeader.token(header);
            return token == null ? "none" : "token " + token;
        } catch (RuntimeException e) {
            return "error " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** The same for Spring Security's converter, which read the header here before. */
    private static String springs(String header) {
        ServerAuthenticationConverter converter = new ServerBearerTokenAuthenticationConverter();
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/api/users/me");
        if (header != null) {
            request.header("Authorization", header);
        }
        try {
            Authentication found =
                    converter.convert(MockServerWebExchange.from(request)).block();
            return found == null ? "none" : "token " + ((BearerTokenAuthenticationToken) found).getToken();
        } catch (RuntimeException e) {
            return "error " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
