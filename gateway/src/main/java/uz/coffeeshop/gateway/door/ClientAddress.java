package uz.coffeeshop.gateway.door;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The client's IP address as the trusted-proxy rules resolved it.
 *
 * @param text the address as logged and sent to Keycloak in {@code X-Forwarded-For}
 * @param bytes its 4 or 16 bytes, or {@code null} when the peer was not an IP address (a Unix socket, a test)
 */
public record ClientAddress(String text, byte[] bytes) {

    static final ClientAddress UNKNOWN = new ClientAddress("unknown", null);

    /** The bits of an IPv6 address that name one host's network: a /64 is what one customer line gets. */
    static final int IPV6_HOST_PREFIX_BITS = 64;

    /**
     * The key of per-IP limits: an IPv4 address whole, an IPv6 address by its /64, since one host holds a whole
     * /64 (SLAAC, privacy addresses) and could otherwise rotate through 2^64 buckets.
     */
    public String limitKey() {
        if (bytes == null || bytes.length == 4) {
            return text;
        }
        StringBuilder key = new StringBuilder(24);
        for (int i = 0; i < IPV6_HOST_PREFIX_BITS / 8; i += 2) {
            key.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF)))
                    .append(':');
        }
        return key.append(":/").append(IPV6_HOST_PREFIX_BITS).toString();
    }

    /**
     * An IPv4 dotted quad or an IPv6 literal, or {@code null} for anything else; never a name lookup (a host name
     * would be a DNS query per request).
     */
    static ClientAddress parse(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        if (text.indexOf(':') >= 0) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                    return null;
                }
            }
            try {
                // With a ':' and hex digits only, InetAddress parses an IPv6 literal or refuses it, without DNS.
                InetAddress address = InetAddress.getByName(text);
                // An IPv4-mapped address is the IPv4 client it names; an IPv6 one keeps the form it came in.
                return new ClientAddress(
                        address instanceof Inet4Address ? address.getHostAddress() : text, address.getAddress());
            } catch (UnknownHostException e) {
                return null;
            }
        }
        byte[] quad = dottedQuad(text);
        return quad == null ? null : new ClientAddress(text, quad);
    }

    private static byte[] dottedQuad(String text) {
        byte[] bytes = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i == text.length() ? '.' : text.charAt(i);
            if (c == '.') {
                if (digits == 0 || part == 4 || value > 255) {
                    return null;
                }
                bytes[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
            } else {
                return null;
            }
        }
        return part == 4 ? bytes : null;
    }
}
