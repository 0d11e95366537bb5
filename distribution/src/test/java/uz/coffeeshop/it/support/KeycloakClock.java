package uz.coffeeshop.it.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * Keycloak's clock on one node, as the expiry and time-window tests move it instead of sleeping: the offset of
 * {@code org.keycloak.common.util.Time} in that node's JVM, set through the tests' own provider
 * ({@code keycloak-test-clock}, which only the tests' Keycloak has). Everything the server reads from {@code Time}
 * moves with it (token and link expiry, the login's age, the request limits' windows), nothing else: the gateway, the
 * tests and the database keep the real time. A moved clock is put back after each test ({@link
 * CoffeeStackExtension}), so that the next test class on the shared stack meets the real time.
 */
public final class KeycloakClock {

    private final KeycloakNode node;
    private volatile boolean moved;

    public KeycloakClock(KeycloakNode node) {
        this.node = node;
    }

    /** From now on the node's clock runs {@code ahead} of the real one (a whole number of seconds). */
    public void setAhead(Duration ahead) {
        Http.Response response = Http.send(request()
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString(String.valueOf(ahead.toSeconds()))));
        if (response.status() != 204) {
            throw new AssertionError("could not move Keycloak's clock: " + response);
        }
        moved = !ahead.isZero();
    }

    /** How far the node's clock runs ahead of the real one now. */
    public Duration ahead() {
        Http.Response response = Http.send(request().GET());
        if (response.status() != 200) {
            throw new AssertionError("could not read Keycloak's clock: " + response);
        }
        return Duration.ofSeconds(Long.parseLong(response.text().trim()));
    }

    /** Puts the node's clock back to the real time. */
    public void reset() {
        setAhead(Duration.ZERO);
    }

    /** Whether this clock was moved and not put back. */
    public boolean isMoved() {
        return moved;
    }

    /** A fresh admin token per call: one taken before a move may have expired after it. */
    private HttpRequest.Builder request() {
        URI url = node.baseUrl().resolve("/realms/master/test-clock/offset");
        String token = Tokens.loginMaster(node, CoffeeStack.MASTER_ADMIN, CoffeeStack.MASTER_ADMIN_PASSWORD);
        return HttpRequest.newBuilder(url).header("Authorization", "Bearer " + token);
    }
}
