package uz.coffeeshop.keycloak.address;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The rules an e-mail address must pass beyond its syntax, so that nobody signs up with an address nobody can own:
 * mail to {@code x@localhost}, {@code a@[127.0.0.1]} or a dotless {@code a@b} would go from the outbox to the SMTP
 * relay for an internal host. Each rule is named; the first one broken is the answer (a message key of the theme).
 */
public final class DeliverableAddress {

    /** One rule: its name, the message key shown when it is broken, and what breaks it. */
    public record Rule(String name, String messageKey, Predicate<String> broken) {}

    private static final Pattern IPV4 = Pattern.compile("[0-9.]+");

    public static final List<Rule> RULES = List.of(
            new Rule("control-character", "coffeeEmailControlCharacter", DeliverableAddress::hasControlCharacter),
            new Rule(
                    "ip-literal",
                    "coffeeEmailIpLiteral",
                    address -> domain(address)
                            .map(domain -> domain.startsWith("[")
                                    || IPV4.matcher(domain).matches())
                            .orElse(false)),
            new Rule(
                    "localhost",
                    "coffeeEmailLocalhost",
                    address -> domain(address)
                            .map(domain -> domain.equals("localhost")
                                    || domain.endsWith(".localhost")
                                    || domain.equals("localhost."))
                            .orElse(false)),
            new Rule(
                    "dotless",
                    "coffeeEmailDotless",
                    address -> domain(address)
                            .map(domain -> {
                                int dot = domain.indexOf('.');
                                return dot <= 0 || domain.endsWith(".");
                            })
                            .orElse(false)));

    private DeliverableAddress() {}

    /** The first rule {@code address} breaks, if any. */
    public static Optional<Rule> brokenRule(String address) {
        if (address == null) {
            return Optional.empty();
        }
        return RULES.stream().filter(rule -> rule.broken().test(address)).findFirst();
    }

    /** Any C0/C1 control character, NUL included: refused, never stripped, so the address stored is the one sent. */
    public static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    /** The part after the last {@code @}, lower-cased; empty without one (the syntax check answers that). */
    private static Optional<String> domain(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? Optional.empty() : Optional.of(address.substring(at + 1).toLowerCase(Locale.ROOT));
    }
}
