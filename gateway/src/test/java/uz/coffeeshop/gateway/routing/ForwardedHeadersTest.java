package uz.coffeeshop.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import uz.coffeeshop.gateway.observability.RequestIdFilter;

class ForwardedHeadersTest {

    @Test
    void clientsForwardingHeadersAreDroppedAndOnlyTheResolvedAddressIsSent() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/health"));
        exchange.getAttributes().put(RequestIdFilter.CLIENT_ADDRESS, "203.0.113.5");
        HttpHeaders sent = new HttpHeaders();
        sent.add("X-Forwarded-Host", "evil.example");
        sent.add("X-Forwarded-Proto", "https");
        sent.add("X-Forwarded-Port", "443");
        sent.add("X-Forwarded-Prefix", "/realms/master");
        sent.add("X-Forwarded-For", "6.6.6.6");
        sent.add("Forwarded", "host=evil.example;proto=https");
        sent.add("X-Real-IP", "6.6.6.6");
        sent.add("Authorization", "Bearer token");

        HttpHeaders forwarded = new ForwardedHeaders().filter(sent, exchange);

        assertThat(forwarded.headerNames()).containsExactlyInAnyOrder("Authorization", "X-Forwarded-For");
        assertThat(forwarded.getFirst("X-Forwarded-For")).isEqualTo("203.0.113.5");
        assertThat(forwarded.getFirst("Authorization")).isEqualTo("Bearer token");
    }

    @Test
    void keycloaksCorsAnswerIsDroppedSoOnlyTheGatewaysCounts() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/health"));
        HttpHeaders upstream = new HttpHeaders();
        upstream.add("Access-Control-Allow-Origin", "*");
        upstream.add("Content-Type", "application/json");

        HttpHeaders answered = new ForwardedHeaders.UpstreamCors().filter(upstream, exchange);

        assertThat(answered.headerNames()).containsExactly("Content-Type");
    }
}
