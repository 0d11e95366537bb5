package uz.coffeeshop.gateway.door;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;
import java.util.Map;

/**
 * The characters a request's header names and values may carry: assigned and not control characters (so no CR,
 * LF, NUL, DEL or C1 controls; a tab only in a value), the rule of Spring Security's strict firewall that stood here before. Netty's
 * decoder already refuses what would split a header; this refuses the rest before anything is forwarded.
 * Printable ASCII, nearly every header, is answered without a look at Unicode's tables.
 */
public final class HeaderText {

    private HeaderText() {}

    /** Whether every name and value of {@code headers} is allowed. */
    public static boolean allowed(HttpHeaders headers) {
        Iterator<Map.Entry<CharSequence, CharSequence>> all = headers.iteratorCharSequence();
        while (all.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = all.next();
            if (!allowed(header.getKey(), false) || !allowed(header.getValue(), true)) {
                return false;
            }
        }
        return true;
    }

    /** {@code tab}: whether a tab is allowed (in a value, not in a name). */
    static boolean allowed(CharSequence text, boolean tab) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return exactly(text.toString(), tab);
            }
        }
        return true;
    }

    private static boolean exactly(String text, boolean tab) {
        return text.codePoints()
                .allMatch(c -> (tab && c == '\t')
                        || Character.getType(c) != Character.UNASSIGNED && !Character.isISOControl(c));
    }
}
