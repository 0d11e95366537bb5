package uz.coffeeshop.gateway.door;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

class HeaderTextTest {

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

        assertSameAnswers(
                value -> HeaderText.allowed(value, true),
                StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES,
                samples);
        assertSameAnswers(
                name -> HeaderText.allowed(name, false), StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES, samples);
    }

    @Test
    void refusesWhatTheFirewallIsThereToRefuse() {
        assertThat(HeaderText.allowed("ok\r\nSet-Cookie: x=1", true)).isFalse();
        assertThat(HeaderText.allowed("nul\u0000", true)).isFalse();
        assertThat(HeaderText.allowed("plain printable text", true)).isTrue();

        HttpHeaders headers = new DefaultHttpHeaders(false);
        headers.add("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
        assertThat(HeaderText.allowed(headers)).isTrue();
        headers.add("X-Note", "bell\u0007");
        assertThat(HeaderText.allowed(headers)).isFalse();
    }

    private static void assertSameAnswers(Predicate<String> ours, Predicate<String> exact, List<String> samples) {
        for (String sample : samples) {
            assertThat(ours.test(sample))
                    .as("%s", java.util.Arrays.toString(sample.codePoints().toArray()))
                    .isEqualTo(exact.test(sample));
        }
    }
}
