package uz.coffeeshop.gateway.security;

import java.util.function.Predicate;

/**
 * A header check that says yes at once to text made only of printable ASCII and asks the exact predicate about
 * everything else (tabs, control characters, non-ASCII, null). Printable ASCII is assigned and never a control
 * character, so the answers are those of the exact predicate; only the time differs.
 */
final class PrintableAsciiFirst implements Predicate<String> {

    private final Predicate<String> exact;

    /** @param exact the full rule (Spring Security's) */
    PrintableAsciiFirst(Predicate<String> exact) {
        this.exact = exact;
    }

    @Override
    public boolean test(String text) {
        return text != null && printable(text) || exact.test(text);
    }

    private static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
