package uz.coffeeshop.it.support;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** A server the tests started, as a process or as a container: what a test may do with it. */
interface RunningServer extends AutoCloseable {

    /** Waits until {@code healthUrl} answers 200, failing early when the server dies. */
    RunningServer awaitHealthy(URI healthUrl, Duration timeout);

    boolean isAlive();

    /** The host's id of the server's (first) process. */
    long pid();

    Path log();

    /** Kills the server at once, as a crash or an operator's kill -9 would. */
    void kill();

    /** Stops gracefully, then forcibly if it has not ended in time. */
    @Override
    void close();
}
