package uz.coffeeshop.gateway.door;

import java.util.UUID;

/** The request id: the caller's {@code X-Request-Id} when it is a sane token, a fresh UUID otherwise. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";

    private RequestIds() {}

    public static String accept(String offered) {
        return offered != null && isSane(offered) ? offered : UUID.randomUUID().toString();
    }

    /** {@code [A-Za-z0-9._-]{1,64}}, without a regex: this runs on every request. */
    static boolean isSane(String id) {
        if (id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
