package uz.coffeeshop.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class UpstreamHeadersTest {

    private final UpstreamHeaders upstream = new UpstreamHeaders("coffee-shop");
    private final MockServerWebExchange exchange =
            MockServerWebExchange.from(MockServerHttpRequest.post("/api/auth/signup"));

    @Test
    void keycloaksCorsAnswerIsDroppedSoOnlyTheGatewaysCounts() {
        HttpHeaders answer = new HttpHeaders();
        answer.add("Access-Control-Allow-Origin", "*");
        answer.add("Content-Type", "application/json");

        assertThat(upstream.filter(answer, exchange).headerNames()).containsExactly("Content-Type");
    }

    @Test
    void aLocationInsideKeycloakBecomesThePublicApiPath() {
        HttpHeaders answer = new HttpHeaders();
        answer.add("Location", "http://127.0.0.1:8080/realms/coffee-shop/coffee/users/42");
        answer.add("Content-Location", "https://id.example/realms/coffee-shop/coffee/users/42");

        HttpHeaders rewritten = upstream.filter(answer, exchange);

        assertThat(rewritten.getFirst("Location")).isEqualTo("/api/users/42");
        assertThat(rewritten.getFirst("Content-Location")).isEqualTo("/api/users/42");
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
}
