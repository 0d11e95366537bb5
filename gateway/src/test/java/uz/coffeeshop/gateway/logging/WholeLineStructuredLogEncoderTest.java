package uz.coffeeshop.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

class WholeLineStructuredLogEncoderTest {

    private final LoggerContext context = context();

    @ParameterizedTest
    @ValueSource(strings = {"ecs", "logstash", "gelf"})
    void writesTheSameBytesAsBootsEncoderFormattingWholeLines(String format) {
        WholeLineStructuredLogEncoder whole = started(new WholeLineStructuredLogEncoder(), format);
        StructuredLogEncoder boots = started(new StructuredLogEncoder(), format);
        LoggingEvent event = new LoggingEvent(
                Logger.class.getName(),
                context.getLogger("uz.coffeeshop.gateway.access"),
                Level.INFO,
                "GET {} {}",
                null,
                new Object[] {"/api/users/\"me\"\n\u00e9\u0001", 200});
        event.setKeyValuePairs(List.of(
                new KeyValuePair("requestId", "req-1"),
                new KeyValuePair("status", 200),
                new KeyValuePair("subject", "caf\u00e9 \u2615")));
        LoggingEvent failure = new LoggingEvent(
                Logger.class.getName(),
                context.getLogger("test"),
                Level.WARN,
                "it failed",
                new IllegalStateException("because \"of\" this"),
                null);

        assertThat(whole.formatsWholeLines()).as("the fast path is taken").isTrue();
        assertThat(new String(whole.encode(event), StandardCharsets.UTF_8))
                .isEqualTo(new String(boots.encode(event), StandardCharsets.UTF_8))
                .contains("req-1")
                .endsWith("\n");
        assertThat(whole.encode(failure)).isEqualTo(boots.encode(failure));
    }

    private <T extends StructuredLogEncoder> T started(T encoder, String format) {
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    private static LoggerContext context() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putObject(
                Environment.class.getName(),
                new MockEnvironment().withProperty("spring.application.name", "coffee-gateway"));
        return context;
    }
}
