package uz.coffeeshop.gateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Console lines encoded and written by one writer thread, a batch at a time: everything queued since its last
 * write goes out in one {@code write} to standard output. Replaces logback's {@code AsyncAppender} in front of a
 * {@code ConsoleAppender}, whose writer thread does a {@code write} and flush per line and is parked and unparked
 * for nearly every line: under load that is most of an access line's cost.
 *
 * <p>Wake-ups: the thread that logs wakes the writer only when the writer sleeps with nothing to do. After a write
 * the writer lingers ({@link #setLingerMillis}) before looking again, and while it lingers no caller wakes it, so
 * under load a few lines share one wake-up and one {@code write}; a line that arrives at an idle writer is written
 * at once, so at low load no line waits.
 *
 * <p>Nothing is dropped: when the queue is full the caller waits for room (as {@code AsyncAppender} with
 * {@code discardingThreshold} 0 did). On {@link #stop()} (Spring Boot stops the logger context when the
 * application stops) the writer writes what is queued, waiting up to {@link #setMaxFlushTimeMillis}.
 */
public class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** Lines per {@code write} at most: bounds the writer's buffer when a long queue drains. */
    private static final int MAX_BATCH = 512;

    private final Supplier<OutputStream> output;
    private Encoder<ILoggingEvent> encoder;
    private int queueSize = 8192;
    private long lingerMillis = 2;
    private long maxFlushTimeMillis = 2000;

    private BlockingQueue<ILoggingEvent> queue;
    private final AtomicBoolean writerIdle = new AtomicBoolean();
    private volatile boolean stopping;
    private Thread writer;

    /** Writes to {@code System.out} as it is at each write, so a redirected standard output is followed. */
    public BatchingConsoleAppender() {
        this(() -> System.out);
    }

    BatchingConsoleAppender(Supplier<OutputStream> output) {
        this.output = output;
    }

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /** Lines waiting for the writer at most; a caller that finds the queue full waits for room. */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    /** How long the writer waits for more lines after a write before it sleeps until woken; 0: no lingering. */
    public void setLingerMillis(long lingerMillis) {
        this.lingerMillis = lingerMillis;
    }

    /** How long {@link #stop()} waits for the queued lines to be written. */
    public void setMaxFlushTimeMillis(long maxFlushTimeMillis) {
        this.maxFlushTimeMillis = maxFlushTimeMillis;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("No encoder set for the appender named [" + name + "].");
            return;
        }
        if (queueSize < 1) {
            addError("queueSize must be at least 1, was " + queueSize);
            return;
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        stopping = false;
        writer = new Thread(this::writeUntilStopped, "log-writer-" + name);
        // Daemon: a writer stuck on a blocked standard output must not keep the JVM alive; stop() waits for it.
        writer.setDaemon(true);
        super.start();
        writer.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        // The writer encodes later, on its own thread: what depends on the calling thread is fixed now.
        event.prepareForDeferredProcessing();
        try {
            queue.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            addWarn("Interrupted while waiting for room in the queue; the line was not written.", e);
            return;
        }
        if (writerIdle.get() && writerIdle.compareAndSet(true, false)) {
            LockSupport.unpark(writer);
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        stopping = true;
        LockSupport.unpark(writer);
        try {
            writer.join(maxFlushTimeMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            addWarn("Lines still queued after " + maxFlushTimeMillis + " ms: " + queue.size() + " not written.");
        }
    }

    private void writeUntilStopped() {
        List<ILoggingEvent> batch = new ArrayList<>(MAX_BATCH);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
        // Linger only after a write: a writer that has written nothing yet sleeps until a caller wakes it.
        boolean lingered = true;
        while (true) {
            queue.drainTo(batch, MAX_BATCH);
            if (!batch.isEmpty()) {
                write(batch, buffer);
                batch.clear();
                lingered = false;
            } else if (stopping) {
                return;
            } else if (lingerMillis > 0 && !lingered) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(lingerMillis));
                lingered = true;
            } else {
                sleepUntilWoken();
                lingered = false;
            }
        }
    }

    /** Sleeps until a caller queues a line (or stop() is called); a line queued meanwhile is seen before sleeping. */
    private void sleepUntilWoken() {
        writerIdle.set(true);
        if (queue.isEmpty() && !stopping) {
            LockSupport.park(this);
        }
        writerIdle.set(false);
    }

    private void write(List<ILoggingEvent> batch, ByteArrayOutputStream buffer) {
        buffer.reset();
        for (ILoggingEvent event : batch) {
            try {
                buffer.writeBytes(encoder.encode(event));
            } catch (RuntimeException e) {
                addError("Could not encode a line of logger " + event.getLoggerName(), e);
            }
        }
        OutputStream out = output.get();
        try {
            buffer.writeTo(out);
            out.flush();
        } catch (IOException e) {
            addError("Could not write " + batch.size() + " lines", e);
        }
    }
}
