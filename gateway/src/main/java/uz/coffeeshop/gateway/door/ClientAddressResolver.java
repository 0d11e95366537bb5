package uz.coffeeshop.gateway.door;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's IP address: the TCP peer, unless the peer is one of the configured trusted proxies, in which case
 * {@code X-Forwarded-For} is read from the right, skipping trusted proxies, and the first address not trusted is
 * the client. A client that talks to us directly can't choose its address by sending the header, and a client
 * behind our proxy can't either, since everything left of the first untrusted hop is the client's own writing.
 * A header with anything but IP addresses in it is treated as no header at all: the peer is the client.
 */
public final class ClientAddressResolver {

    private final List<AddressRange> trustedProxies;

    /** {@code trustedProxies}: addresses or CIDR ranges ({@code 10.0.0.0/8}); empty trusts no one. */
    public ClientAddressResolver(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream()
                .map(String::trim)
                .filter(proxy -> !proxy.isEmpty())
                .map(AddressRange::parse)
                .toList();
    }

    public ClientAddress resolve(InetSocketAddress peer, List<String> forwardedFor) {
        ClientAddress address = peer == null || peer.getAddress() == null
                ? ClientAddress.UNKNOWN
                : new ClientAddress(
                        peer.getAddress().getHostAddress(), peer.getAddress().getAddress());
        if (forwardedFor == null || trustedProxies.isEmpty() || !isTrusted(address)) {
            return address;
        }
        List<ClientAddress> hops = hops(forwardedFor);
        if (hops == null) {
            return address;
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            ClientAddress hop = hops.get(i);
            if (!isTrusted(hop)) {
                return hop;
            }
            address = hop;
        }
        return address;
    }

    /** Every hop, in order; several headers count as one list (RFC 9110, section 5.3); {@code null} if malformed. */
    private static List<ClientAddress> hops(List<String> forwardedFor) {
        List<ClientAddress> hops = new ArrayList<>(4);
        for (String header : forwardedFor) {
            for (String hop : header.split(",", -1)) {
                ClientAddress address = ClientAddress.parse(hop.trim());
                if (address == null) {
                    return null;
                }
                hops.add(address);
            }
        }
        return hops;
    }

    private boolean isTrusted(ClientAddress address) {
        for (AddressRange proxy : trustedProxies) {
            if (proxy.matches(address)) {
                return true;
            }
        }
        return false;
    }
}
