package uz.coffeeshop.gateway.routing;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;
import java.util.Map;
import uz.coffeeshop.gateway.door.DoorContext;

/**
 * What Keycloak hears about the client: the forwarding headers a client sent ({@code Forwarded},
 * {@code X-Forwarded-*}, {@code X-Real-IP}) are dropped, so nobody can make Keycloak believe another host, scheme
 * or port (and so another issuer or realm URL); {@code X-Forwarded-For} is set to the one address the trusted-proxy
 * rules resolved, and {@code X-Request-Id} to the door's request id. The host Keycloak sees is
 * {@code KEYCLOAK_URL}'s (the client's {@code Host} is dropped and {@link Upstream} names Keycloak's), and the
 * hop-by-hop headers of the client's connection stay on it (RFC 9110, section 7.6.1).
 */
final class ForwardedHeaders {

    static final String REQUEST_ID = "X-Request-Id";

    private ForwardedHeaders() {}

    /**
     * Copies {@code input} (the client's request) to {@code output} (Keycloak's) by the rules above; nothing else
     * is added (no {@code User-Agent} or {@code Accept} of the gateway's own).
     */
    static void copy(HttpHeaders input, HttpHeaders output, DoorContext door) {
        Iterator<Map.Entry<CharSequence, CharSequence>> all = input.iteratorCharSequence();
        while (all.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = all.next();
            CharSequence name = header.getKey();
            if (!isForwarding(name) && !HopByHop.is(name) && !is(name, "host") && !is(name, REQUEST_ID)) {
                output.add(name, header.getValue());
            }
        }
        output.set("X-Forwarded-For", door.client().text());
        output.set(REQUEST_ID, door.requestId());
    }

    private static boolean isForwarding(CharSequence name) {
        return is(name, "forwarded") || startsWith(name, "x-forwarded-") || is(name, "x-real-ip");
    }

    static boolean is(CharSequence name, String lowerCase) {
        return name.length() == lowerCase.length() && startsWith(name, lowerCase);
    }

    static boolean startsWith(CharSequence name, String lowerCasePrefix) {
        if (name.length() < lowerCasePrefix.length()) {
            return false;
        }
        for (int i = 0; i < lowerCasePrefix.length(); i++) {
            if (Character.toLowerCase(name.charAt(i)) != lowerCasePrefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
