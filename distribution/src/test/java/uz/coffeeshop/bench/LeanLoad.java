package uz.coffeeshop.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * A load generator that costs little, so that on two shared cores the servers measured get the CPU: one thread, one
 * selector, keep-alive HTTP/1.1 connections, the same GET sent again and again. Java's {@code HttpClient} costs more
 * CPU per call than Keycloak and the gateway together, so on shared cores it would set every ratio; a proxy is
 * measured with a generator like wrk, and this is that, in the benchmark's own JVM so that it can count its own CPU
 * and run open-loop.
 *
 * <p>Two ways: {@link #closedLoop} (N connections, each sends its next request when the last is answered: the
 * saturated throughput) and {@link #openLoop} (requests due at a fixed rate whatever the answers, each latency
 * counted from when it was due, so a stall shows in every request it delays: no coordinated omission).
 */
final class LeanLoad implements AutoCloseable {

    /** Latencies in µs, the calls that were due, those never sent (no connection free), those not answered 200. */
    record Result(Histogram micros, long calls, long dropped, long errors, double seconds) {

        long sent() {
            return calls - dropped;
        }

        double perSecond() {
            return (calls - dropped) / seconds;
        }

        double percentileMillis(double percentile) {
            return micros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private static final int READ_BUFFER = 64 * 1024;
    private static final int PREOPENED = 32;
    private static final long ANSWER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final InetSocketAddress address;
    private final byte[] request;
    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final List<Connection> all = new CopyOnWriteArrayList<>();
    // Written by the thread that reads the answers only (the open loop's sender counts its drops apart).
    private Histogram micros;
    private long errors;
    private volatile long answered;

    private LeanLoad(URI uri, String token) throws IOException {
        this.address = new InetSocketAddress(uri.getHost(), uri.getPort());
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        this.request = ("GET " + path + " HTTP/1.1\r\n"
                        + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                        + "Authorization: Bearer " + token + "\r\n"
                        + "Accept: application/json\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.selector = Selector.open();
    }

    /** {@code connections} connections, each sending its next GET as soon as the last one is answered. */
    static Result closedLoop(URI uri, String token, int connections, Duration duration) throws IOException {
        try (LeanLoad load = new LeanLoad(uri, token)) {
            return load.closed(connections, duration);
        }
    }

    /**
     * {@code perSecond} GETs due at even intervals for {@code duration}, on up to {@code maxConnections}
     * connections (opened as needed); a request due while all are busy is dropped and counted as an error.
     */
    static Result openLoop(URI uri, String token, int perSecond, Duration duration, int maxConnections)
            throws IOException {
        try (LeanLoad load = new LeanLoad(uri, token)) {
            return load.open(perSecond, duration, maxConnections);
        }
    }

    private Result closed(int connections, Duration duration) throws IOException {
        micros = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        long sent = 0;
        for (int i = 0; i < connections; i++) {
            connect().send(start);
            sent++;
        }
        while (System.nanoTime() < deadline) {
            poll(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1);
            long now = System.nanoTime();
            while (!idle.isEmpty() && now < deadline) {
                idle.poll().send(now);
                sent++;
            }
        }
        drain(sent);
        return new Result(micros, sent, 0, errors, (System.nanoTime() - start) / 1e9);
    }

    /**
     * The sender (this thread) parks until each request is due and writes it on a free connection; a reader thread
     * blocks in the selector and takes each answer the moment it arrives. One thread could not do both on time: a
     * select's timeout is in whole milliseconds, so either the sends or the reads would be up to 1 ms late, as much
     * as the latency a proxy is allowed to add.
     */
    private Result open(int perSecond, Duration duration, int maxConnections) throws IOException {
        micros = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long calls = duration.toNanos() / period;
        for (int i = 0; i < Math.min(maxConnections, PREOPENED); i++) {
            idle.add(connect());
        }
        long[] sendsDone = {Long.MAX_VALUE};
        Thread reader = new Thread(() -> readUntilAnswered(sendsDone), "lean-load-reader");
        reader.setDaemon(true);
        reader.start();
        long start = System.nanoTime();
        long dropped = 0;
        for (long i = 0; i < calls; i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Connection free = idle.poll();
            if (free == null && all.size() < maxConnections) {
                free = connect();
                selector.wakeup();
            }
            if (free == null) {
                dropped++;
                continue;
            }
            free.sendNow(due);
        }
        synchronized (sendsDone) {
            sendsDone[0] = calls - dropped;
        }
        selector.wakeup();
        try {
            reader.join(TimeUnit.NANOSECONDS.toMillis(ANSWER_TIMEOUT_NANOS) + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        long unanswered = Math.max(0, calls - dropped - answered);
        return new Result(micros, calls, dropped, errors + dropped + unanswered, (System.nanoTime() - start) / 1e9);
    }

    private void readUntilAnswered(long[] sendsDone) {
        long deadline = Long.MAX_VALUE;
        try {
            while (System.nanoTime() < deadline) {
                long expected;
                synchronized (sendsDone) {
                    expected = sendsDone[0];
                }
                if (expected != Long.MAX_VALUE) {
                    if (answered >= expected) {
                        return;
                    }
                    deadline = Math.min(deadline, System.nanoTime() + ANSWER_TIMEOUT_NANOS);
                }
                poll(100);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits until every request sent was answered (or timed out). */
    private void drain(long sent) throws IOException {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT_NANOS;
        while (answered < sent && System.nanoTime() < deadline) {
            poll(100);
        }
        if (answered < sent) {
            errors += sent - answered;
        }
    }

    private Connection connect() throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        channel.connect(address);
        channel.configureBlocking(false);
        Connection connection = new Connection(channel);
        connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
        all.add(connection);
        return connection;
    }

    /** One select: {@code millis} < 0 only looks, 0 is never passed (it would block). */
    private void poll(long millis) throws IOException {
        int ready = millis < 0 ? selector.selectNow() : selector.select(millis);
        if (ready == 0) {
            return;
        }
        var keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            Connection connection = (Connection) key.attachment();
            if (key.isValid() && key.isWritable()) {
                connection.flush();
            }
            if (key.isValid() && key.isReadable()) {
                connection.read();
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (Connection connection : all) {
            connection.channel.close();
        }
        selector.close();
    }

    /** One keep-alive connection: the request out, the answer read until its end (length or chunks). */
    private final class Connection {

        private final SocketChannel channel;
        private SelectionKey key;
        private ByteBuffer out;
        private byte[] in = new byte[8192];
        private int length;
        private volatile long due;
        private volatile boolean busy;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void send(long dueNanos) throws IOException {
            due = dueNanos;
            busy = true;
            length = 0;
            out = ByteBuffer.wrap(request);
            flush();
        }

        /**
         * From the open loop's sender: the whole request at once (1.4 kB fits any socket buffer of a connection
         * whose last answer was read), without touching the selector the reader blocks in.
         */
        void sendNow(long dueNanos) throws IOException {
            length = 0;
            // Volatile writes last: the reader's first read of them (in read()) then sees the reset above.
            due = dueNanos;
            busy = true;
            ByteBuffer whole = ByteBuffer.wrap(request);
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (whole.hasRemaining() && System.nanoTime() < giveUp) {
                if (channel.write(whole) == 0) {
                    Thread.onSpinWait();
                }
            }
            if (whole.hasRemaining()) {
                throw new IOException("could not write a request to " + address + " within 1 s");
            }
        }

        void flush() throws IOException {
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        void read() throws IOException {
            if (!busy) {
                // Nothing asked on this connection: the server closing an idle one is the only read to expect.
                length = 0;
            }
            readBuffer.clear();
            int read;
            try {
                read = channel.read(readBuffer);
            } catch (IOException e) {
                read = -1;
            }
            if (read < 0) {
                lost();
                return;
            }
            readBuffer.flip();
            if (length + read > in.length) {
                in = java.util.Arrays.copyOf(in, Math.max(in.length * 2, length + read));
            }
            readBuffer.get(in, length, read);
            length += read;
            int end = answerEnd();
            if (end < 0) {
                return;
            }
            if (end != length) {
                throw new IOException("more bytes than one answer from " + address);
            }
            record(status() == 200);
            if (closes()) {
                reopen();
            } else {
                idle.add(this);
            }
        }

        private void record(boolean ok) {
            busy = false;
            answered++;
            if (!ok) {
                errors++;
            }
            long took = (System.nanoTime() - due) / 1000;
            micros.recordValue(Math.min(took, micros.getHighestTrackableValue()));
        }

        /** The server closed (or reset) the connection: a request on it is lost; a fresh one takes its place. */
        private void lost() throws IOException {
            if (busy) {
                record(false);
            }
            reopen();
        }

        private void reopen() throws IOException {
            key.cancel();
            channel.close();
            all.remove(this);
            idle.remove(this);
            idle.add(connect());
            selector.wakeup();
        }

        /** The index just past the answer when it is complete, else -1. */
        private int answerEnd() {
            int headersEnd = indexOf("\r\n\r\n", 0);
            if (headersEnd < 0) {
                return -1;
            }
            int bodyStart = headersEnd + 4;
            String headers = new String(in, 0, headersEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            int contentLength = headers.indexOf("\ncontent-length:");
            if (contentLength >= 0) {
                int valueEnd = headers.indexOf('\r', contentLength);
                long size = Long.parseLong(headers.substring(
                                contentLength + "\ncontent-length:".length(),
                                valueEnd < 0 ? headers.length() : valueEnd)
                        .trim());
                return length >= bodyStart + size ? (int) (bodyStart + size) : -1;
            }
            if (headers.contains("\ntransfer-encoding: chunked")) {
                int end = indexOf("\r\n0\r\n\r\n", headersEnd);
                return end < 0 ? -1 : end + 7;
            }
            return bodyStart;
        }

        private int status() {
            return Integer.parseInt(new String(in, 9, 3, StandardCharsets.US_ASCII));
        }

        private boolean closes() {
            int headersEnd = indexOf("\r\n\r\n", 0);
            return new String(in, 0, headersEnd, StandardCharsets.ISO_8859_1)
                    .toLowerCase(Locale.ROOT)
                    .contains("\nconnection: close");
        }

        private int indexOf(String marker, int from) {
            byte[] bytes = marker.getBytes(StandardCharsets.US_ASCII);
            outer:
            for (int i = from; i <= length - bytes.length; i++) {
                for (int j = 0; j < bytes.length; j++) {
                    if (in[i + j] != bytes[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
