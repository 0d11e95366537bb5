package uz.coffeeshop.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

class UpstreamTimeoutsTest {

    @Test
    void theTimeoutsAreSetOnTheClientItself() {
        HttpClient client =
                new UpstreamTimeouts(Duration.ofMillis(2000), Duration.ofSeconds(30)).customize(HttpClient.create());

        Object connectTimeout = client.configuration().options().get(ChannelOption.CONNECT_TIMEOUT_MILLIS);
        assertThat(connectTimeout).isEqualTo(2000);
        assertThat(client.configuration().responseTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aTimeoutThatIsNotPositiveStopsTheStartNamingItsVariable() {
        assertThatThrownBy(() -> new UpstreamTimeouts(Duration.ZERO, Duration.ofSeconds(30)))
                .hasMessageContaining("GATEWAY_CONNECT_TIMEOUT_MS");
        assertThatThrownBy(() -> new UpstreamTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(-1)))
                .hasMessageContaining("GATEWAY_RESPONSE_TIMEOUT");
    }
}
