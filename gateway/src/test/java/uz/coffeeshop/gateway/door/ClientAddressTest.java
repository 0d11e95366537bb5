package uz.coffeeshop.gateway.door;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void ipv6ClientsAreLimitedByTheirSlash64SoOneHostCantRotateAddresses() {
        ClientAddress first = ClientAddress.parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd");
        ClientAddress second = ClientAddress.parse("2001:db8:1:2::1");
        ClientAddress neighbour = ClientAddress.parse("2001:db8:1:3::1");

        assertThat(first.limitKey()).isEqualTo("2001:db8:1:2::/64").isEqualTo(second.limitKey());
        assertThat(neighbour.limitKey()).isEqualTo("2001:db8:1:3::/64");
        assertThat(first.text()).isEqualTo("2001:db8:1:2:aaaa:bbbb:cccc:dddd");
    }

    @Test
    void ipv4ClientsAreLimitedByTheirWholeAddress() {
        assertThat(ClientAddress.parse("198.51.100.7").limitKey()).isEqualTo("198.51.100.7");
        assertThat(ClientAddress.parse("::ffff:198.51.100.7").limitKey()).isEqualTo("198.51.100.7");
    }

    @Test
    void aPeerOverIpv6IsKeyedByItsSlash64Too() {
        ClientAddress peer = new ClientAddressResolver(List.of())
                .resolve(new InetSocketAddress("2001:db8:aa:bb:1:2:3:4", 40000), null);

        assertThat(peer.limitKey()).isEqualTo("2001:db8:aa:bb::/64");
    }

    @Test
    void onlyLiteralAddressesParse() {
        assertThat(ClientAddress.parse("256.1.1.1")).isNull();
        assertThat(ClientAddress.parse("1.2.3")).isNull();
        assertThat(ClientAddress.parse("1.2.3.4.5")).isNull();
        assertThat(ClientAddress.parse("1..2.3")).isNull();
        assertThat(ClientAddress.parse("::::::::::")).isNull();
        assertThat(ClientAddress.parse("1:2")).isNull();
        assertThat(ClientAddress.parse("[::1]")).isNull();
        assertThat(ClientAddress.parse("localhost")).isNull();
        assertThat(ClientAddress.parse("")).isNull();
    }
}
