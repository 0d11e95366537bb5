package uz.coffeeshop.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import uz.coffeeshop.gateway.door.ClientAddressResolver;
import uz.coffeeshop.gateway.door.DoorContext;

class ForwardedHeadersTest {

    @Test
    void clientsForwardingAndHopByHopHeadersAreDroppedAndOnlyTheResolvedAddressAndRequestIdAreSent() {
        DoorContext door = DoorContext.open(
                "req-1",
                new ClientAddressResolver(List.of()).resolve(new InetSocketAddress("203.0.113.5", 4000), null));
        HttpHeaders sent = new HttpHeaders();
        sent.add("X-Forwarded-Host", "evil.example");
        sent.add("X-Forwarded-Proto", "https");
        sent.add("X-Forwarded-Port", "443");
        sent.add("X-Forwarded-Prefix", "/realms/master");
        sent.add("X-Forwarded-For", "6.6.6.6");
        sent.add("Forwarded", "host=evil.example;proto=https");
        sent.add("X-Real-IP", "6.6.6.6");
        sent.add("X-Request-Id", "forged");
        sent.add("Authorization", "Bearer token");
        sent.add("Host", "gateway.example");
        sent.add("Connection", "keep-alive");
        sent.add("Transfer-Encoding", "chunked");
        sent.add("Content-Type", "application/json");
        sent.add("User-Agent", "curl/8");

        HttpHeaders forwarded = ForwardedHeaders.copy(sent, door);

        // Nothing of the gateway's own beside the caller's (no User-Agent or Accept of an HTTP client's).
        assertThat(forwarded.headerNames())
                .containsExactlyInAnyOrder(
                        "Authorization", "Content-Type", "User-Agent", "X-Forwarded-For", "X-Request-Id");
        assertThat(forwarded.get("User-Agent")).containsExactly("curl/8");
        assertThat(forwarded.getFirst("X-Forwarded-For")).isEqualTo("203.0.113.5");
        assertThat(forwarded.getFirst("X-Request-Id")).isEqualTo("req-1");
        assertThat(forwarded.getFirst("Authorization")).isEqualTo("Bearer token");
    }
}
