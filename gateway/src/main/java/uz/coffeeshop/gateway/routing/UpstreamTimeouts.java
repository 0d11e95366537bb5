package uz.coffeeshop.gateway.routing;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import reactor.netty.http.client.HttpClient;

/**
 * The timeouts of Gateway's one HTTP client to Keycloak ({@code coffee.upstream.*}, {@code GATEWAY_CONNECT_TIMEOUT_MS}
 * and {@code GATEWAY_RESPONSE_TIMEOUT}), set once on the client through Gateway's {@link HttpClientCustomizer}: a
 * connection not made in time is a 502 problem, an answer not begun in time a 504 ({@code problem/Failures}).
 *
 * <p>Why not Gateway's own {@code httpclient.connect-timeout} and {@code response-timeout}: with them set, its routing
 * filter copies the client's whole configuration on every call to put the connect timeout on it again, and wraps
 * every call in a Reactor timeout, whose timer lives on another thread that each call wakes and cancels. Set here,
 * the connect timeout is a channel option of the one client, and the response timeout Netty's read timeout on the
 * connection's own event loop. (The benchmark's stock baseline, application-stock-scg.yml, sets Gateway's.)
 *
 * @param connectTimeout how long connecting to Keycloak may take
 * @param responseTimeout how long Keycloak may take to begin its answer once the request is sent (and, as Reactor
 *     Netty counts it, between two reads of the answer)
 */
@ConfigurationProperties("coffee.upstream")
public record UpstreamTimeouts(Duration connectTimeout, Duration responseTimeout) implements HttpClientCustomizer {

    public UpstreamTimeouts {
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "GATEWAY_CONNECT_TIMEOUT_MS must be a positive number of milliseconds, not " + connectTimeout);
        }
        if (responseTimeout == null || responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "GATEWAY_RESPONSE_TIMEOUT must be a positive duration such as 30s, not " + responseTimeout);
        }
    }

    @Override
    public HttpClient customize(HttpClient client) {
        return client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(connectTimeout.toMillis()))
                .responseTimeout(responseTimeout);
    }
}
