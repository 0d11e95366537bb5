package uz.coffeeshop.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

class PrintableAsciiFirstTest {

    @Test
    void answersExactlyAsSpringSecuritysHeaderRules() {
        List<String> samples = new ArrayList<>();
        for (int c = 0; c <= 0x2FFF; c++) {
            samples.add("Bearer x" + (char) c + "y");
        }
        samples.addAll(List.of(
                "",
                "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
                "a\tb",
                "line\r\nX-Injected: 1",
                "caf\u00e9",
                "\ud83d\ude00",
                "lone \ud83d surrogate",
                "\u0378 unassigned",
                "\u007f",
                "\u0085"));

        assertSameAnswers(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES, samples);
        assertSameAnswers(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES, samples);
        assertThat(new PrintableAsciiFirst(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES).test(null))
                .isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(null));
    }

    @Test
    void refusesWhatTheFirewallIsThereToRefuse() {
        PrintableAsciiFirst values = new PrintableAsciiFirst(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES);

        assertThat(values.test("ok\r\nSet-Cookie: x=1")).isFalse();
        assertThat(values.test("nul\u0000")).isFalse();
        assertThat(values.test("plain printable text")).isTrue();
    }

    private static void assertSameAnswers(Predicate<String> exact, List<String> samples) {
        PrintableAsciiFirst fast = new PrintableAsciiFirst(exact);
        for (String sample : samples) {
            assertThat(fast.test(sample))
                    .as("%s", sample.codePoints().toArray())
                    .isEqualTo(exact.test(sample));
        }
    }
}
