package uz.coffeeshop.gateway.door;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class ProblemsTest {

    @Test
    void problemIsRfc9457ShapedAndMarkedAsTheGateways() {
        assertThat(Problems.json(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Slow down.", "req-1"))
                .isEqualTo("{\"type\":\"urn:coffee-shop:problem:rate-limited\",\"title\":\"Too Many Requests\","
                        + "\"status\":429,\"detail\":\"Slow down.\",\"requestId\":\"req-1\",\"source\":\"gateway\"}");
    }

    @Test
    void detailIsEscaped() {
        assertThat(Problems.json(HttpStatus.NOT_FOUND, "not-found", "no \"such\" \\path\n\u0001", null))
                .contains("\"detail\":\"no \\\"such\\\" \\\\path\\n\\u0001\"")
                .doesNotContain("requestId");
    }
}
