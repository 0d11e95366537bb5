package uz.coffeeshop.gateway.routing;

import java.util.List;

/**
 * Headers that belong to one connection, not to the message (RFC 9110, section 7.6.1), as Spring Cloud Gateway's
 * {@code RemoveHopByHopHeadersFilter} listed them here before, plus {@code Expect} (the door answers
 * {@code 100-continue} itself): neither forwarded to Keycloak nor passed back from it. The door writes its own
 * framing ({@code Content-Length} or chunked) and keep-alive.
 */
final class HopByHop {

    private static final List<String> NAMES = List.of(
            "connection",
            "keep-alive",
            "transfer-encoding",
            "te",
            "trailer",
            "proxy-authorization",
            "proxy-authenticate",
            "upgrade",
            "expect");

    private HopByHop() {}

    static boolean is(CharSequence name) {
        for (String hop : NAMES) {
            if (ForwardedHeaders.is(name, hop)) {
                return true;
            }
        }
        return false;
    }
}
