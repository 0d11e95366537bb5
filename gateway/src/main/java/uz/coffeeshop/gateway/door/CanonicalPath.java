package uz.coffeeshop.gateway.door;

import java.util.regex.Pattern;

/**
 * The one path form the gateway forwards: segments of unreserved characters only. Everything a server behind us
 * might read differently from our rules is refused instead of normalised, so the security rules and the route can
 * never disagree: dot segments ({@code ..}, {@code .}), percent-encodings (so {@code %2e%2e}, {@code %2f},
 * {@code %3b} too), empty segments ({@code //}), a trailing slash, backslashes, and {@code ;matrix} parameters,
 * which Keycloak's JAX-RS layer accepts and strips (see RESTEasy's matrix parameter handling) while a text
 * route would not.
 */
final class CanonicalPath {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_~.:-]+");

    private CanonicalPath() {}

    /** Whether {@code rawPath} (as it came on the wire, still encoded) is in canonical form. */
    static boolean isCanonical(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return false;
        }
        if (rawPath.length() == 1) {
            return true;
        }
        String[] segments = rawPath.substring(1).split("/", -1);
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
