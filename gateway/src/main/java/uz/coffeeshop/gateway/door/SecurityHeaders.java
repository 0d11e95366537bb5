package uz.coffeeshop.gateway.door;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Headers a JSON API should always send; set (not added) so Keycloak's copies are not doubled. The door speaks
 * plain HTTP (TLS ends in front of it), so HSTS is the TLS terminator's to send.
 */
public final class SecurityHeaders {

    private SecurityHeaders() {}

    public static void apply(HttpHeaders headers) {
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        headers.set("Cross-Origin-Resource-Policy", "same-site");
        if (!headers.contains(HttpHeaderNames.CACHE_CONTROL)) {
            headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        }
    }
}
