package uz.coffeeshop.it.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.FreePort;

/**
 * {@code ./barista} after a part died, as an operator meets it: {@code status} names the dead part and its log,
 * {@code up} starts only what is missing, {@code down} clears the stale PID file. Runs the real script with a state
 * directory and ports of its own, and stops everything it started.
 */
class BaristaAfterCrashIT {

    private static final Duration UP = Duration.ofMinutes(5);
    private static final Duration QUICK = Duration.ofMinutes(1);

    @TempDir
    Path state;

    private Path barista;
    private Path logs;
    private final List<ProcessHandle> started = new ArrayList<>();
    private int command;
    private Map<String, String> ports;

    @BeforeEach
    void locateBarista() throws IOException {
        barista = Path.of(System.getProperty("coffee.project.dir", "..")).resolve("barista");
        logs = Path.of(System.getProperty("coffee.work.dir", "target/it")).resolve("barista-after-crash");
        Files.createDirectories(logs);
    }

    @AfterEach
    void stopWhatWasStarted() {
        run(QUICK, "down");
        for (ProcessHandle part : started) { // whatever 'down' could not stop, by the PID 'up' recorded
            part.descendants().forEach(ProcessHandle::destroyForcibly);
            part.destroyForcibly();
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void statusNamesTheDeadPartUpStartsOnlyItAndDownClearsStalePidFiles() {
        Result up = run(UP, "up");
        assertThat(up.exit()).as(up.output()).isZero();
        long mail = pid("mail");
        long keycloak = pid("keycloak");
        long gateway = pid("gateway");
        ProcessHandle.of(keycloak)
                .ifPresent(kcSh -> started.addAll(kcSh.descendants().toList()));

        kill9(gateway);
        Result died = run(QUICK, "status");
        assertThat(died.exit()).as(died.output()).isEqualTo(1);
        assertThat(died.output())
                .containsPattern("gateway +DIED: PID " + gateway)
                .contains(state.resolve("logs/gateway.log").toString())
                .containsPattern("mail +running")
                .containsPattern("keycloak +running");

        Result again = run(UP, "up");
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output())
                .contains("mail is already running (PID " + mail + ")")
                .contains("keycloak is already running (PID " + keycloak + ")")
                .contains("gateway had died")
                .contains("starting the gateway")
                .doesNotContain("starting Keycloak")
                .doesNotContain("starting the mail catcher");
        assertThat(pid("gateway")).isNotEqualTo(gateway);
        Result healthy = run(QUICK, "status");
        assertThat(healthy.exit()).as(healthy.output()).isZero();

        kill9(mail);
        Result down = run(QUICK, "down");
        assertThat(down.exit()).as(down.output()).isZero();
        assertThat(down.output())
                .contains("mail had died (PID " + mail + "): removed its stale PID file")
                .contains("stopping keycloak")
                .contains("stopping gateway");
        assertThat(state.resolve("run")).isEmptyDirectory();
        for (ProcessHandle part : started) {
            Await.until(part.pid() + " has ended after 'down'", QUICK, () -> !part.isAlive());
        }
    }

    private long pid(String part) {
        try {
            long pid = Long.parseLong(
                    Files.readString(state.resolve("run/" + part + ".pid")).trim());
            ProcessHandle.of(pid).ifPresent(started::add);
            return pid;
        } catch (IOException e) {
            throw new UncheckedIOException("no PID file for " + part, e);
        }
    }

    private static void kill9(long pid) {
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(pid + " does not run"));
        handle.destroyForcibly();
        Await.until(pid + " is gone after kill -9", QUICK, () -> !handle.isAlive());
    }

    record Result(int exit, String output) {}

    /** Runs {@code ./barista args} with this test's state directory and free ports; bounded by {@code timeout}. */
    private Result run(Duration timeout, String... args) {
        List<String> commandLine = new ArrayList<>(List.of("bash", barista.toString()));
        commandLine.addAll(List.of(args));
        Path output = logs.resolve((++command) + "-" + String.join("-", args) + ".log");
        ProcessBuilder builder = new ProcessBuilder(commandLine)
                .directory(barista.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("KC_") || name.startsWith("SMTP_"));
        env.put("BARISTA_STATE_DIR", state.toString());
        env.putAll(ports());
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("./barista " + String.join(" ", args) + " did not end within " + timeout
                        + "; its output: " + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> ports() {
        if (ports == null) {
            ports = Map.of(
                    "KEYCLOAK_PORT", String.valueOf(FreePort.next()),
                    "KEYCLOAK_MANAGEMENT_PORT", String.valueOf(FreePort.next()),
                    "GATEWAY_PORT", String.valueOf(FreePort.next()),
                    "MAIL_SMTP_PORT", String.valueOf(FreePort.next()),
                    "MAIL_WEB_PORT", String.valueOf(FreePort.next()));
        }
        return ports;
    }
}
