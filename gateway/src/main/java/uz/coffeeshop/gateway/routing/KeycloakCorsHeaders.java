package uz.coffeeshop.gateway.routing;

import java.util.Map;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Keycloak's CORS headers ({@code Access-Control-*}) are dropped from its answers, so the front door's CORS answer
 * is the only one. A response {@link HttpHeadersFilter}: Gateway's {@code RemoveResponseHeader} names one header,
 * and this is a family of them.
 */
final class KeycloakCorsHeaders implements HttpHeadersFilter {

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        boolean any = false;
        for (String name : input.headerNames()) {
            if (isCors(name)) {
                any = true;
                break;
            }
        }
        if (!any) {
            return input;
        }
        HttpHeaders output = new HttpHeaders();
        for (Map.Entry<String, java.util.List<String>> header : input.headerSet()) {
            if (!isCors(header.getKey())) {
                output.addAll(header.getKey(), header.getValue());
            }
        }
        return output;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.RESPONSE;
    }

    private static boolean isCors(String name) {
        return name.regionMatches(true, 0, "access-control-", 0, 15);
    }
}
