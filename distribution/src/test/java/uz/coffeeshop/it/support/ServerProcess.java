package uz.coffeeshop.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real server run as a child process: its output goes to a log file under {@code target/}, it counts as
 * started only when its health URL answers 200, and a failure message always names the log and shows its tail.
 */
public final class ServerProcess implements RunningServer {

    private static final HttpClient PROBE =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path log;
    private final Process process;

    private ServerProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code command} in {@code workDir} with {@code env} added to this JVM's environment. */
    public static ServerProcess start(
            String name, List<String> command, Path workDir, Map<String, String> env, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            return new ServerProcess(name, log, builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Runs a command to its end (a build step, say), failing with the log's tail when it does not exit 0. */
    public static void runToEnd(
            String name, List<String> command, Path workDir, Map<String, String> env, Path log, Duration timeout) {
        try (ServerProcess step = start(name, command, workDir, env, log)) {
            if (!step.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(step.failure("did not finish within " + timeout));
            }
            if (step.process.exitValue() != 0) {
                throw new IllegalStateException(step.failure("exited with " + step.process.exitValue()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " was interrupted", e);
        }
    }

    /** Waits until {@code healthUrl} answers 200, failing early when the process dies. */
    @Override
    public ServerProcess awaitHealthy(URI healthUrl, Duration timeout) {
        Await.until(
                () -> healthy(healthUrl),
                Boolean::booleanValue,
                Duration.ofMillis(250),
                timeout,
                no -> new IllegalStateException(failure("was not healthy at " + healthUrl + " within " + timeout)));
        return this;
    }

    /** Whether {@code healthUrl} answers 200; fails at once when the process has ended. */
    private boolean healthy(URI healthUrl) {
        if (!process.isAlive()) {
            throw new IllegalStateException(failure("exited with " + process.exitValue() + " before it was healthy"));
        }
        return answers200(healthUrl);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** A message that names the server and its log file and shows the last lines of it. */
    public String failure(String what) {
        return name + " " + what + "; its log is " + log + ", ending with:\n" + tail(log, 40);
    }

    /** Stops gracefully (SIGTERM), then forcibly if it has not ended in time. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills the process at once, as a crash or an operator's kill -9 would. Its children first: kc.sh runs Java as a
     * child and forwards only the signals it can trap, so killing the script alone would leave the server running.
     */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static boolean answers200(URI url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(2))
                    .GET()
                    .build();
            return PROBE.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
