package uz.coffeeshop.gateway.routing;

import java.util.List;
import java.util.Locale;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * What the caller hears of Keycloak's answer: Keycloak's CORS headers are dropped (the gateway answers CORS for
 * its own origins), and headers that carry a URL of the extension as Keycloak sees it ({@code Location},
 * {@code Content-Location}: {@code http://keycloak:8080/realms/<realm>/coffee/users/<id>}, an inside address the
 * caller can't follow) are rewritten to the public path, {@code /api/users/<id>}.
 */
final class UpstreamHeaders implements HttpHeadersFilter {

    private static final List<String> URL_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.CONTENT_LOCATION);
    private static final String PUBLIC_PREFIX = "/api/";

    private final String insidePrefix;

    /** {@code realm}: the realm whose {@code coffee} resource is served as {@code /api/}. */
    UpstreamHeaders(String realm) {
        this.insidePrefix = "/realms/" + realm + "/coffee/";
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        HttpHeaders output = new HttpHeaders();
        for (var header : input.headerSet()) {
            if (!header.getKey().toLowerCase(Locale.ROOT).startsWith("access-control-")) {
                output.put(header.getKey(), header.getValue());
            }
        }
        for (String name : URL_HEADERS) {
            String value = output.getFirst(name);
            if (value != null) {
                output.set(name, toPublic(value));
            }
        }
        return output;
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

    @Override
    public boolean supports(Type type) {
        return type == Type.RESPONSE;
    }
}
