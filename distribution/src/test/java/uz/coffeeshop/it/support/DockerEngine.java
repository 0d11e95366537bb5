package uz.coffeeshop.it.support;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether a Docker engine answers on this machine, for the tests that run the deployment files themselves. On a
 * developer's machine without one they are skipped with a notice; with {@code CI=true} a missing engine is an
 * error, so that CI never counts a skipped container test as a pass.
 */
public final class DockerEngine {

    private static Boolean answering;

    private DockerEngine() {}

    /** Aborts the calling test (skipped, with a notice) or fails it under CI when no engine answers. */
    public static void require(String what) {
        if (answers()) {
            return;
        }
        String notice = "no Docker engine answers `docker info`: " + what + " skipped";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(notice + " (CI=true: an engine is required)");
        }
        System.out.println("[coffee-it] NOTICE: " + notice);
        Assumptions.abort(notice);
    }

    public static synchronized boolean answers() {
        if (answering == null) {
            answering = runs("docker", "info", "--format", "{{.ServerVersion}}");
        }
        return answering;
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
