package uz.coffeeshop.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import uz.coffeeshop.it.support.Http;

/** Who answered: the gateway marks its own problems with {@code "source":"gateway"}; Keycloak's never carry it. */
final class GatewayAnswers {

    private GatewayAnswers() {}

    static boolean answeredByGateway(Http.Response response) {
        return response.contentType().startsWith("application/problem+json")
                && response.json().path("source").asText().equals("gateway");
    }

    /** A problem of the gateway's own with this status. */
    static void assertGatewayProblem(Http.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("type").asText()).startsWith("urn:coffee-shop:problem:");
        assertThat(response.json().path("detail").asText()).isNotBlank();
        assertThat(response.json().path("source").asText()).isEqualTo("gateway");
    }

    /** A 401 as RFC 6750 and the design want it. */
    static void assertUnauthorized(Http.Response response, boolean tokenSent) {
        assertGatewayProblem(response, 401);
        String challenge = response.header("WWW-Authenticate").orElse("");
        assertThat(challenge).as(response.toString()).startsWith("Bearer realm=\"coffee-shop\"");
        if (tokenSent) {
            assertThat(challenge).contains("error=\"invalid_token\"");
        }
    }

    /**
     * The gateway let the request through: whatever answered, it was not the gateway's door (the extension checks
     * tokens and rules again itself and may refuse on its own account, e.g. a forged token's unknown user).
     */
    static void assertPassedTheDoor(Http.Response response) {
        assertThat(answeredByGateway(response))
                .as("the gateway should have forwarded this: " + response)
                .isFalse();
    }
}
