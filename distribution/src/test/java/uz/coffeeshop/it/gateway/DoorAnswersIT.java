package uz.coffeeshop.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static uz.coffeeshop.it.gateway.GatewayAnswers.assertGatewayProblem;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;

/**
 * The stack's gateway, which runs as {@code ./barista up} runs it: no Redis configured, rate limits in its memory.
 * The API's main jobs work through it, its answers name public URLs only, and what Netty refuses before Spring
 * sees the request is problem+json like every other refusal of the door.
 */
@CoffeeStackTest
class DoorAnswersIT {

    private static final String PASSWORD = "a long enough password";

    @Test
    void signUpResendAndAnAuthorisedCallWorkWithoutRedisAndLocationIsThePublicPath(CoffeeStack stack) {
        String email = "door-" + UUID.randomUUID() + "@example.com";

        Http.Response created = post(stack, "/api/auth/signup", Map.of("email", email, "password", PASSWORD));
        Http.Response resent = post(stack, "/api/auth/verification-email", Map.of("email", email));
        Http.Response me = Http.get(url(stack, "/api/users/me"), GatewayRulesIT.userToken(stack, true));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(created.header("Location")).contains("/api/users/" + id);
        assertThat(resent.status()).as(resent.toString()).isEqualTo(202);
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(stack.gateway().log()).content().contains("Rate limits: in memory");
    }

    @Test
    void aBadPercentEncodingInTheQueryIsAProblem(CoffeeStack stack) {
        // Java's URI refuses to build such a request, so it goes over a socket as a client would send it.
        RawHttp.Answer answer =
                RawHttp.send("127.0.0.1", stack.gateway().baseUrl().getPort(), "GET", "/api/users?search=%zz", "", "");

        assertThat(answer.status()).isEqualTo(400);
        JsonNode problem = answer.json();
        assertThat(problem.path("type").asText()).isEqualTo("urn:coffee-shop:problem:bad-request");
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("source").asText()).isEqualTo("gateway");
    }

    @Test
    void aRequestLineTooLongIsAProblem(CoffeeStack stack) {
        Http.Response response = Http.get(url(stack, "/api/users?search=" + "a".repeat(20_000)));

        assertGatewayProblem(response, 414);
    }

    @Test
    void headersTooLargeAreAProblem(CoffeeStack stack) {
        Http.Response response =
                Http.send(HttpRequest.newBuilder(url(stack, "/api/health")).header("X-Padding", "a".repeat(20_000)));

        assertGatewayProblem(response, 431);
    }

    private static Http.Response post(CoffeeStack stack, String path, Map<String, String> body) {
        return Http.send(HttpRequest.newBuilder(url(stack, path))
                .header("Content-Type", "application/json")
                .POST(Http.jsonBody(body)));
    }

    private static URI url(CoffeeStack stack, String path) {
        return URI.create(stack.gateway().baseUrl() + path);
    }
}
