package uz.coffeeshop.gateway.door;

/** One address or CIDR range ({@code 10.0.0.0/8}, {@code ::1}), for the trusted-proxy list. */
record AddressRange(byte[] network, int prefixBits) {

    static AddressRange parse(String text) {
        int slash = text.indexOf('/');
        ClientAddress address = ClientAddress.parse(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an IP address or CIDR range: " + text);
        }
        byte[] bytes = address.bytes();
        int bits;
        try {
            bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in " + text, e);
        }
        if (bits < 0 || bits > bytes.length * 8) {
            throw new IllegalArgumentException("bad prefix length in " + text);
        }
        return new AddressRange(bytes, bits);
    }

    /** Whether {@code candidate} lies in this range. */
    boolean matches(ClientAddress address) {
        byte[] candidate = address.bytes();
        if (candidate == null || candidate.length != network.length) {
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
}
