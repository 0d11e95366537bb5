package uz.coffeeshop.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static uz.coffeeshop.it.gateway.GatewayAnswers.assertGatewayProblem;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.GatewayProcess;
import uz.coffeeshop.it.support.Http;

/**
 * When Keycloak does not answer, the gateway says so as problem+json: 504 when it is too slow, 502 when it can't
 * be reached; and when Keycloak does answer, even with an error, its answer comes through unchanged.
 */
@CoffeeStackTest
class UpstreamFailuresIT {

    @Test
    void silentUpstreamIs504AndUnreachableUpstreamIs502(CoffeeStack stack) throws Exception {
        List<Socket> held = new ArrayList<>();
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (!silent.isClosed()) {
                    held.add(silent.accept()); // accepted, read never, answered never
                }
            } catch (IOException closed) {
                // the test closed the socket
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        try (GatewayProcess gateway = GatewayProcess.start(
                RateLimitIT.gatewayJar(),
                stack.workDir(),
                "gateway-upstream-failures",
                stack.keycloak(),
                CoffeeStack.REALM,
                Map.of(
                        "KEYCLOAK_URL",
                        "http://127.0.0.1:" + silent.getLocalPort(),
                        "GATEWAY_RESPONSE_TIMEOUT",
                        "1s"))) {
            URI health = URI.create(gateway.baseUrl() + "/api/health");

            assertGatewayProblem(Http.get(health), 504);

            silent.close();
            for (Socket socket : held) {
                socket.close();
            }
            assertGatewayProblem(Http.get(health), 502);
        } finally {
            silent.close();
        }
    }

    @Test
    void keycloaksOwnErrorsPassThroughUnchanged(CoffeeStack stack) {
        // A sign-up without an e-mail is an error of the extension's (404 before the user API exists, 400 after).
        for (String path : List.of("auth/signup")) {
            Http.Response direct = Http.send(HttpRequest.newBuilder(
                            stack.keycloak().baseUrl().resolve("/realms/" + CoffeeStack.REALM + "/coffee/" + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")));
            Http.Response through =
                    Http.send(HttpRequest.newBuilder(URI.create(stack.gateway().baseUrl() + "/api/" + path))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}")));

            assertThat(direct.status()).as(direct.toString()).isGreaterThanOrEqualTo(400);
            assertThat(through.status()).as(through.toString()).isEqualTo(direct.status());
            assertThat(through.contentType()).isEqualTo(direct.contentType());
            assertThat(through.text()).isEqualTo(direct.text());
            assertThat(GatewayAnswers.answeredByGateway(through)).isFalse();
        }
    }
}
