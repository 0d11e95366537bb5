package uz.coffeeshop.gateway.door;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

    private final ClientAddressResolver behindProxies = new ClientAddressResolver(List.of("10.0.0.0/8", "192.168.1.7"));

    @Test
    void directClientIsThePeerWhateverItClaims() {
        ClientAddressResolver trustingNoOne = new ClientAddressResolver(List.of());

        assertThat(resolve(trustingNoOne, "198.51.100.4", List.of("1.2.3.4"))).isEqualTo("198.51.100.4");
        assertThat(resolve(behindProxies, "198.51.100.4", List.of("1.2.3.4"))).isEqualTo("198.51.100.4");
    }

    @Test
    void behindATrustedProxyTheClientIsTheLastUntrustedHop() {
        assertThat(resolve(behindProxies, "10.1.2.3", List.of("203.0.113.5"))).isEqualTo("203.0.113.5");
        assertThat(resolve(behindProxies, "10.1.2.3", List.of("203.0.113.5, 192.168.1.7, 10.9.9.9")))
                .isEqualTo("203.0.113.5");
    }

    @Test
    void whatTheClientWroteLeftOfItsOwnAddressIsIgnored() {
        assertThat(resolve(behindProxies, "10.1.2.3", List.of("6.6.6.6, 203.0.113.5")))
                .isEqualTo("203.0.113.5");
        assertThat(resolve(behindProxies, "10.1.2.3", List.of("6.6.6.6", "203.0.113.5")))
                .isEqualTo("203.0.113.5");
    }

    @Test
    void aMalformedHeaderFromATrustedProxyIsTreatedAsNoHeader() {
        assertThat(resolve(behindProxies, "10.1.2.3", List.of("evil.example"))).isEqualTo("10.1.2.3");
        assertThat(resolve(behindProxies, "10.1.2.3", List.of("203.0.113.5, nonsense, 10.0.0.1")))
                .isEqualTo("10.1.2.3");
        assertThat(resolve(behindProxies, "10.1.2.3", List.of("1:2, ::::::::::, 203.0.113.5")))
                .isEqualTo("10.1.2.3");
        assertThat(resolve(behindProxies, "10.1.2.3", List.of("203.0.113.5,"))).isEqualTo("10.1.2.3");
        assertThat(resolve(behindProxies, "10.1.2.3", List.of(""))).isEqualTo("10.1.2.3");
    }

    @Test
    void withoutTheHeaderATrustedProxyIsTheClient() {
        assertThat(resolve(behindProxies, "10.1.2.3", null)).isEqualTo("10.1.2.3");
    }

    @Test
    void ipv6Works() {
        ClientAddressResolver resolver = new ClientAddressResolver(List.of("::1"));

        assertThat(resolve(resolver, "::1", List.of("2001:db8::1"))).isEqualTo("2001:db8::1");
    }

    @Test
    void aBadProxyRangeIsRefusedAtStart() {
        assertThatThrownBy(() -> new ClientAddressResolver(List.of("proxy.internal")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private String resolve(ClientAddressResolver resolver, String peer, List<String> header) {
        return resolver.resolve(peer(peer), header).text();
    }

    private static InetSocketAddress peer(String address) {
        return new InetSocketAddress(address, 40000);
    }
}
