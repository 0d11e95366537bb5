package uz.coffeeshop.it.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import uz.coffeeshop.it.support.Await;

/**
 * One compose project of the repository's own files ({@code docker-compose.yml} plus overrides), driven through the
 * compose command line as an operator drives it: compose v2 ({@code docker compose}) where the plugin is there,
 * else v1 ({@code docker-compose}). Every command's output goes to the project's log under {@code target/}.
 */
final class ComposeProject implements AutoCloseable {

    private final String name;
    private final Path projectDir;
    private final List<String> files;
    private final Map<String, String> env;
    private final Path log;

    ComposeProject(String name, Path projectDir, List<String> files, Map<String, String> env, Path log) {
        this.name = name;
        this.projectDir = projectDir;
        this.files = files;
        this.env = env;
        this.log = log;
    }

    static Path projectDir() {
        return Path.of(System.getProperty("coffee.project.dir", ".."))
                .toAbsolutePath()
                .normalize();
    }

    /** Builds the images of the Dockerfiles and starts every service, waiting for their health checks. */
    void up(String... services) {
        List<String> args = new ArrayList<>(List.of("up", "-d", "--build"));
        args.addAll(List.of(services));
        compose(Duration.ofMinutes(15), args);
    }

    /** {@code docker kill} of the service's container (SIGKILL): a crash, no shutdown hook runs. */
    void killContainer(String service) {
        String id = containerId(service);
        docker("kill", id);
        Await.until(service + " down", Duration.ofSeconds(30), () -> !isRunning(service));
    }

    /** Starts a stopped service's container again, on its volumes and addresses. */
    void start(String service) {
        compose(Duration.ofMinutes(2), List.of("start", service));
    }

    /** Waits until Docker reports the service's container healthy (its compose health check). */
    void awaitHealthy(String service, Duration timeout) {
        String id = containerId(service);
        Await.until(
                service + " healthy",
                timeout,
                () -> "healthy"
                        .equals(docker("inspect", "--format", "{{.State.Health.Status}}", id)
                                .strip()));
    }

    /** The service's (first) container id; compose v1 may print warnings beside it. */
    String containerId(String service) {
        return compose(Duration.ofMinutes(1), List.of("ps", "-q", service))
                .lines()
                .filter(line -> line.matches("[0-9a-f]{12,64}"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no container of " + service));
    }

    /** Whether the service's container runs (not exited, not killed). */
    boolean isRunning(String service) {
        return "true"
                .equals(docker("inspect", "--format", "{{.State.Running}}", containerId(service))
                        .strip());
    }

    /** The last lines of every service's log ({@code service} empty) or of one service's, for a failure message. */
    String logTail(String service) {
        List<String> args = new ArrayList<>(List.of("logs", "--no-color", "--tail", "100"));
        if (!service.isEmpty()) {
            args.add(service);
        }
        try {
            return compose(Duration.ofMinutes(1), args);
        } catch (RuntimeException e) {
            return "(no logs: " + e.getMessage() + ")";
        }
    }

    /** The whole log of the service's container, without compose's prefixes ({@code docker logs}). */
    String log(String service) {
        return run(List.of("docker", "logs", containerId(service)), Duration.ofMinutes(1), Recorded.COMMAND_ONLY);
    }

    /** Writes every service's whole log to {@code <project log>.services.log}, for a look after the teardown. */
    void saveLogs() {
        try {
            String all = run(
                    new ArrayList<>(List.of(
                            "docker", "ps", "-a", "-q", "--filter", "label=com.docker.compose.project=" + name)),
                    Duration.ofMinutes(1),
                    Recorded.COMMAND_ONLY);
            StringBuilder logs = new StringBuilder();
            for (String id :
                    all.lines().filter(line -> line.matches("[0-9a-f]{12,64}")).toList()) {
                String container = run(
                        List.of("docker", "inspect", "--format", "{{.Name}}", id),
                        Duration.ofMinutes(1),
                        Recorded.COMMAND_ONLY);
                logs.append("===== ")
                        .append(container.strip())
                        .append('\n')
                        .append(run(List.of("docker", "logs", id), Duration.ofMinutes(1), Recorded.COMMAND_ONLY));
            }
            Files.writeString(log.resolveSibling(log.getFileName() + ".services.log"), logs.toString());
        } catch (IOException | RuntimeException e) {
            System.err.println("[compose] could not keep the services' logs: " + e.getMessage());
        }
    }

    /** Stops and removes the containers, networks and volumes (PostgreSQL's data included). */
    @Override
    public void close() {
        compose(Duration.ofMinutes(3), List.of("down", "--volumes", "--remove-orphans", "--timeout", "20"));
    }

    private String compose(Duration timeout, List<String> args) {
        List<String> command = new ArrayList<>(composeCommand());
        command.addAll(List.of("--project-name", name, "--project-directory", projectDir.toString()));
        for (String file : files) {
            command.addAll(List.of("--file", projectDir.resolve(file).toString()));
        }
        command.addAll(args);
        return run(command, timeout, Recorded.COMMAND_AND_OUTPUT);
    }

    private String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return run(command, Duration.ofMinutes(1), Recorded.COMMAND_AND_OUTPUT);
    }

    private static List<String> composeCommand() {
        return hasComposePlugin() ? List.of("docker", "compose") : List.of("docker-compose");
    }

    private static boolean hasComposePlugin() {
        try {
            Process process = new ProcessBuilder("docker", "compose", "version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What the project's log keeps of a command: a whole container log read again and again is left out. */
    private enum Recorded {
        COMMAND_AND_OUTPUT,
        COMMAND_ONLY
    }

    private String run(List<String> command, Duration timeout, Recorded recorded) {
        try {
            Files.createDirectories(log.getParent());
            Path output = Files.createTempFile(log.getParent(), name, ".out");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(projectDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.destroyForcibly();
            }
            String text = Files.readString(output);
            Files.delete(output);
            Files.writeString(
                    log,
                    "$ " + String.join(" ", command) + "\n" + (recorded == Recorded.COMMAND_ONLY ? "" : text),
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            if (!ended || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command)
                        + (ended ? " exited with " + process.exitValue() : " did not end within " + timeout)
                        + ":\n" + tail(text));
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command + " was interrupted", e);
        }
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }
}
