package uz.coffeeshop.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class UpstreamHeadersTest {

    private final UpstreamHeaders upstream = new UpstreamHeaders("coffee-shop");

    @Test
    void keycloaksCorsAndHopByHopHeadersAreDroppedSoOnlyTheGatewaysCount() {
        HttpHeaders answer = new DefaultHttpHeaders();
        answer.add("Access-Control-Allow-Origin", "*");
        answer.add("Content-Type", "application/json");
        answer.add("Connection", "close");

        assertThat(copied(answer).names()).containsExactly("Content-Type");
    }

    @Test
    void aLocationInsideKeycloakBecomesThePublicApiPath() {
        HttpHeaders answer = new DefaultHttpHeaders();
        answer.add("Location", "http://127.0.0.1:8080/realms/coffee-shop/coffee/users/42");
        answer.add("Content-Location", "https://id.example/realms/coffee-shop/coffee/users/42");

        HttpHeaders rewritten = copied(answer);

        assertThat(rewritten.get("Location")).isEqualTo("/api/users/42");
        assertThat(rewritten.get("Content-Location")).isEqualTo("/api/users/42");
    }

    @Test
    void urlsOutsideTheExtensionAreLeftAlone() {
        assertThat(upstream.toPublic("http://127.0.0.1:8080/realms/coffee-shop/account"))
                .isEqualTo("http://127.0.0.1:8080/realms/coffee-shop/account");
        assertThat(upstream.toPublic("http://127.0.0.1:8080/realms/master/coffee/users/1"))
                .isEqualTo("http://127.0.0.1:8080/realms/master/coffee/users/1");
        assertThat(upstream.toPublic("https://shop.example")).isEqualTo("https://shop.example");
        assertThat(upstream.toPublic("/realms/coffee-shop/coffee/users/7")).isEqualTo("/api/users/7");
    }

    private HttpHeaders copied(HttpHeaders answer) {
        HttpHeaders output = new DefaultHttpHeaders();
        upstream.copy(answer, output);
        return output;
    }
}
