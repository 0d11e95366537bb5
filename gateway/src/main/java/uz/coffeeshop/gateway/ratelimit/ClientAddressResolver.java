package uz.coffeeshop.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The client's IP address: the TCP peer, unless the peer is one of the configured trusted proxies, in which case
 * {@code X-Forwarded-For} is read from the right, skipping trusted proxies, and the first address not trusted is
 * the client. A client that talks to us directly can't choose its address by sending the header, and a client
 * behind our proxy can't either, since everything left of the first untrusted hop is the client's own writing.
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

    public String resolve(InetSocketAddress peer, List<String> forwardedFor) {
        String address = peer == null || peer.getAddress() == null
                ? "unknown"
                : peer.getAddress().getHostAddress();
        if (!isTrusted(address) || forwardedFor == null) {
            return address;
        }
        // Several X-Forwarded-For headers count as one list, in order (RFC 7230, section 3.2.2).
        List<String> hops = forwardedFor.stream()
                .flatMap(header -> java.util.Arrays.stream(header.split(",")))
                .map(String::trim)
                .toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (!isIpAddress(hop)) {
                // Garbage in the chain: stop at the last address we can vouch for.
                return address;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
            address = hop;
        }
        return address;
    }

    private boolean isTrusted(String address) {
        if (!isIpAddress(address)) {
            return false;
        }
        for (AddressRange proxy : trustedProxies) {
            if (proxy.matches(address)) {
                return true;
            }
        }
        return false;
    }

    /** A literal IPv4 or IPv6 address (no host names: those would trigger a DNS lookup per request). */
    static boolean isIpAddress(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return false;
        }
        if (text.indexOf(':') >= 0) {
            return text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return false;
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
