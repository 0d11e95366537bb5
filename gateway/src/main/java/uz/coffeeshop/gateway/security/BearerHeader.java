package uz.coffeeshop.gateway.security;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The bearer token of the {@code Authorization} header (RFC 6750 section 2.1), read with the same rules as Spring
 * Security's {@code ServerBearerTokenAuthenticationConverter} without its case-insensitive regex, which profiling
 * showed to cost more than the rest of the token check on a 1.3 kB token. No header, or another scheme: no token
 * (the rules decide whether the route needs one). {@code Bearer} with anything but one space and a token68: the
 * same "malformed" failure Spring gives, a 401. Tokens in the query or a form are never read.
 */
final class BearerHeader implements ServerAuthenticationConverter {

    private static final String SCHEME = "Bearer";

    /** The resource server's bearer-token converter: the token of the header, or nothing. */
    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        try {
            String token = token(header);
            return token == null ? Mono.empty() : Mono.just(new BearerTokenAuthenticationToken(token));
        } catch (OAuth2AuthenticationException malformed) {
            return Mono.error(malformed);
        }
    }

    /** The token, {@code null} when the header is absent or names another scheme. */
    static String token(String header) {
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        int start = SCHEME.length() + 1;
        if (header.length() <= start || header.charAt(SCHEME.length()) != ' ' || !token68(header, start)) {
            throw new OAuth2AuthenticationException(
                    new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "Bearer token is malformed", null));
        }
        return header.substring(start);
    }

    /** RFC 6750's {@code b64token}: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    private static boolean token68(String text, int start) {
        int i = start;
        while (i < text.length() && tokenChar(text.charAt(i))) {
            i++;
        }
        if (i == start) {
            return false;
        }
        while (i < text.length() && text.charAt(i) == '=') {
            i++;
        }
        return i == text.length();
    }

    private static boolean tokenChar(char c) {
        return c >= 'a' && c <= 'z'
                || c >= 'A' && c <= 'Z'
                || c >= '0' && c <= '9'
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~'
                || c == '+'
                || c == '/';
    }
}
