package uz.coffeeshop.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.encoder.EncoderBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchingConsoleAppenderTest {

    private final LoggerContext context = contextWithMdc();
    private final Logger logger = context.getLogger("test");
    private final RecordingOutput output = new RecordingOutput();
    private BatchingConsoleAppender appender;

    @AfterEach
    void stop() {
        output.release();
        if (appender != null) {
            appender.stop();
        }
    }

    @Test
    void aLoneLineIsWrittenWithoutWaitingForMore() throws InterruptedException {
        appender = started(8192, 60_000);

        appender.doAppend(event("only line"));

        // The linger is a minute: the line must come out because the writer was idle, not because time passed.
        assertThat(output.awaitWrites(1, 5, TimeUnit.SECONDS)).isTrue();
        assertThat(output.text()).isEqualTo("only line\n");
    }

    @Test
    void everyLineComesOutWholeAndInOrderFromManyThreads() throws InterruptedException {
        appender = started(64, 2);
        int threads = 4;
        int perThread = 2_000;
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int caller = t;
            callers.add(running(
                    () -> IntStream.range(0, perThread).forEach(i -> appender.doAppend(event(caller + ":" + i)))));
        }
        for (Thread caller : callers) {
            caller.join();
        }
        appender.stop();

        List<String> lines = output.text().lines().toList();
        assertThat(lines).hasSize(threads * perThread);
        for (int t = 0; t < threads; t++) {
            String prefix = t + ":";
            assertThat(lines.stream().filter(line -> line.startsWith(prefix)).toList())
                    .containsExactlyElementsOf(IntStream.range(0, perThread)
                            .mapToObj(i -> prefix + i)
                            .toList());
        }
        assertThat(output.writes()).as("lines share writes").isLessThan(threads * perThread);
    }

    @Test
    void aCallerWaitsForRoomInsteadOfDroppingALine() throws InterruptedException {
        appender = started(2, 0);
        output.block();
        appender.doAppend(event("taken by the writer"));
        assertThat(output.awaitWriteStarted(5, TimeUnit.SECONDS)).isTrue();
        appender.doAppend(event("queued 1"));
        appender.doAppend(event("queued 2"));

        Thread caller = running(() -> appender.doAppend(event("waits for room")));
        awaitWaiting(caller);
        output.release();
        caller.join(5_000);
        appender.stop();

        assertThat(output.text().lines())
                .containsExactly("taken by the writer", "queued 1", "queued 2", "waits for room");
    }

    @Test
    void stopWritesWhatIsQueued() {
        appender = started(8192, 60_000);
        output.block();
        IntStream.range(0, 100).forEach(i -> appender.doAppend(event("line " + i)));
        output.release();

        appender.stop();

        assertThat(output.text().lines()).hasSize(100).endsWith("line 99");
    }

    private BatchingConsoleAppender started(int queueSize, long lingerMillis) {
        BatchingConsoleAppender started = new BatchingConsoleAppender(() -> output);
        started.setContext(context);
        started.setName("test");
        started.setQueueSize(queueSize);
        started.setLingerMillis(lingerMillis);
        started.setMaxFlushTimeMillis(5_000);
        MessageEncoder encoder = new MessageEncoder();
        encoder.setContext(context);
        encoder.start();
        started.setEncoder(encoder);
        started.start();
        return started;
    }

    private static LoggerContext contextWithMdc() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        return context;
    }

    private static Thread running(Runnable work) {
        Thread thread = new Thread(work);
        thread.start();
        return thread;
    }

    private ILoggingEvent event(String message) {
        return new LoggingEvent(Logger.class.getName(), logger, Level.INFO, message, null, null);
    }

    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (thread.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as(thread + " waiting").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    /** One line per event: its message and a newline. */
    private static final class MessageEncoder extends EncoderBase<ILoggingEvent> {
        @Override
        public byte[] headerBytes() {
            return new byte[0];
        }

        @Override
        public byte[] encode(ILoggingEvent event) {
            return (event.getFormattedMessage() + "\n").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] footerBytes() {
            return new byte[0];
        }
    }

    /** Standard output as the writer sees it: counts writes and can hold the writer inside one. */
    private static final class RecordingOutput extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CountDownLatch writeStarted = new CountDownLatch(1);
        private volatile CountDownLatch gate = new CountDownLatch(0);
        private int writes;

        void block() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        @Override
        public void write(int b) {
            throw new UnsupportedOperationException("the appender writes whole batches");
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writeStarted.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            synchronized (this) {
                bytes.write(b, off, len);
                writes++;
                notifyAll();
            }
        }

        boolean awaitWriteStarted(long time, TimeUnit unit) throws InterruptedException {
            return writeStarted.await(time, unit);
        }

        synchronized boolean awaitWrites(int count, long time, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(time);
            while (writes < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }

        synchronized int writes() {
            return writes;
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
