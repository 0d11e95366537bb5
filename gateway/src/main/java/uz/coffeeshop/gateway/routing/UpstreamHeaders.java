package uz.coffeeshop.gateway.routing;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;
import java.util.Map;

/**
 * What the caller hears of Keycloak's answer: Keycloak's CORS headers are dropped (the gateway answers CORS for
 * its own origins), so are the hop-by-hop ones, and headers that carry a URL of the extension as Keycloak sees it
 * ({@code Location}, {@code Content-Location}: {@code http://keycloak:8080/realms/<realm>/coffee/users/<id>}, an
 * inside address the caller can't follow) are rewritten to the public path, {@code /api/users/<id>}.
 */
final class UpstreamHeaders {

    private static final String PUBLIC_PREFIX = "/api/";

    private final String insidePrefix;

    /** {@code realm}: the realm whose {@code coffee} resource is served as {@code /api/}. */
    UpstreamHeaders(String realm) {
        this.insidePrefix = "/realms/" + realm + "/coffee/";
    }

    /** Copies {@code input} (Keycloak's answer) to {@code output} (the caller's) by the rules above. */
    void copy(HttpHeaders input, HttpHeaders output) {
        Iterator<Map.Entry<CharSequence, CharSequence>> all = input.iteratorCharSequence();
        while (all.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = all.next();
            CharSequence name = header.getKey();
            if (ForwardedHeaders.startsWith(name, "access-control-") || HopByHop.is(name)) {
                continue;
            }
            if (ForwardedHeaders.is(name, "location") || ForwardedHeaders.is(name, "content-location")) {
                output.add(name, toPublic(header.getValue().toString()));
            } else {
                output.add(name, header.getValue());
            }
        }
    }

    /**
     * The public form of a URL Keycloak wrote: whatever scheme and host it named (its own view of itself,
     * {@code KEYCLOAK_URL} or {@code KC_HOSTNAME}), a path under the extension becomes the same path under
     * {@code /api/}; any other URL is left as it is.
     */
    String toPublic(String url) {
        int pathStart = 0;
        int scheme = url.indexOf("://");
        if (scheme > 0) {
            pathStart = url.indexOf('/', scheme + 3);
            if (pathStart < 0) {
                return url;
            }
        }
        if (!url.startsWith(insidePrefix, pathStart)) {
            return url;
        }
        return PUBLIC_PREFIX + url.substring(pathStart + insidePrefix.length());
    }
}
