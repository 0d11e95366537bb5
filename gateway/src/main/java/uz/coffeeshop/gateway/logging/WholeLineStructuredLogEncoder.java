package uz.coffeeshop.gateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.lang.reflect.Field;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.logging.structured.StructuredLogFormatter;

/**
 * Spring Boot's structured log encoder (the same formats, {@code ecs}, {@code logstash}, {@code gelf} or a
 * formatter class, the same bytes), with each line formatted into a {@code String} and then encoded in one go.
 *
 * <p>Why: Spring Boot 4.0's encoder streams the JSON through an {@code OutputStreamWriter}, one character at a
 * time for every string value, each character a synchronized call into the charset encoder, which is most of what
 * an access line costs the log writer; formatting into a {@code String} (a {@code StringBuilder} underneath) and
 * {@code getBytes} does the same work without it.
 *
 * <p>The formatter Boot builds is not exposed, so it is read once, at start, from the encoder's field; should a
 * later Spring Boot rename it, the encoder warns and falls back to Boot's own encoding (the lines stay the same, only
 * slower). {@code WholeLineStructuredLogEncoderTest} checks that the fast path is taken and that its bytes equal
 * Boot's for each format.
 */
public class WholeLineStructuredLogEncoder extends StructuredLogEncoder {

    private Charset charset = StandardCharsets.UTF_8;
    private StructuredLogFormatter<ILoggingEvent> formatter;

    @Override
    public void setCharset(Charset charset) {
        super.setCharset(charset);
        this.charset = (charset != null) ? charset : StandardCharsets.UTF_8;
    }

    @Override
    public void start() {
        super.start();
        formatter = bootsFormatter();
    }

    @Override
    public void stop() {
        formatter = null;
        super.stop();
    }

    /** Whether lines are formatted whole (false: Boot's encoding, after a warning at start). */
    boolean formatsWholeLines() {
        return formatter != null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StructuredLogFormatter<ILoggingEvent> whole = formatter;
        return (whole != null) ? whole.format(event).getBytes(charset) : super.encode(event);
    }

    @SuppressWarnings("unchecked")
    private StructuredLogFormatter<ILoggingEvent> bootsFormatter() {
        try {
            Field field = StructuredLogEncoder.class.getDeclaredField("formatter");
            field.setAccessible(true);
            return (StructuredLogFormatter<ILoggingEvent>) field.get(this);
        } catch (ReflectiveOperationException | RuntimeException e) {
            addWarn("Spring Boot's structured formatter not found; lines are encoded by Boot's slower path", e);
            return null;
        }
    }
}
