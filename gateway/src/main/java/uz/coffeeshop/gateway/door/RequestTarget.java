package uz.coffeeshop.gateway.door;

/**
 * The path and query of a request line's target, both raw (still percent-encoded). An absolute-form target
 * ({@code http://host/path}) is read for its path, as Spring read it; anything else without a leading {@code /}
 * (the {@code *} of {@code OPTIONS *}, garbage) has an empty path, which no rule calls canonical.
 *
 * @param query {@code null} when there is none
 */
public record RequestTarget(String path, String query) {

    public static RequestTarget parse(String uri) {
        int start = 0;
        if (!uri.startsWith("/")) {
            int scheme = uri.indexOf("://");
            start = scheme < 0 ? uri.length() : uri.indexOf('/', scheme + 3);
            if (start < 0) {
                start = uri.length();
            }
        }
        int fragment = uri.indexOf('#', start);
        int end = fragment < 0 ? uri.length() : fragment;
        int question = uri.indexOf('?', start);
        if (question >= 0 && question < end) {
            return new RequestTarget(uri.substring(start, question), uri.substring(question + 1, end));
        }
        return new RequestTarget(uri.substring(start, end), null);
    }

    /**
     * Whether the query is RFC 3986's {@code query} (plus {@code [ ]}, which Java's {@code URI} lets through) with
     * every {@code %} followed by two hex digits: what the gateway could parse before, so nothing else reaches
     * Keycloak either.
     */
    public boolean wellFormedQuery() {
        if (query == null) {
            return true;
        }
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '%') {
                if (i + 2 >= query.length() || !hex(query.charAt(i + 1)) || !hex(query.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (!queryChar(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80;
    }

    private static boolean queryChar(char c) {
        return c >= 'a' && c <= 'z'
                || c >= 'A' && c <= 'Z'
                || c >= '0' && c <= '9'
                || "-._~!$&'()*+,;=:@/?[]".indexOf(c) >= 0;
    }
}
