package uz.coffeeshop.gateway.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** One address or CIDR range ({@code 10.0.0.0/8}, {@code ::1}), for the trusted-proxy list. */
record AddressRange(byte[] network, int prefixBits) {

    static AddressRange parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!ClientAddressResolver.isIpAddress(address)) {
            throw new IllegalArgumentException("not an IP address or CIDR range: " + text);
        }
        byte[] bytes = literal(address);
        int bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
        if (bits < 0 || bits > bytes.length * 8) {
            throw new IllegalArgumentException("bad prefix length in " + text);
        }
        return new AddressRange(bytes, bits);
    }

    /** Whether {@code address} (a literal IP address) lies in this range. */
    boolean matches(String address) {
        byte[] candidate = literal(address);
        if (candidate.length != network.length) {
            return false;
        }
        int whole = prefixBits / 8;
        for (int i = 0; i < whole; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[whole] & mask) == (network[whole] & mask);
    }

    /** The bytes of a literal address; only ever called on literals, so no name lookup happens. */
    private static byte[] literal(String address) {
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e);
        }
    }
}
