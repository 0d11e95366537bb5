package uz.coffeeshop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Peak resident memory of a process: {@code VmHWM} of {@code /proc/<pid>/status} (Linux), in MiB. */
final class PeakMemory {

    private PeakMemory() {}

    /** Of the JVM that {@code pid} is or started: {@code kc.sh} runs Keycloak's JVM as a child of its shell. */
    static Optional<Double> mebibytes(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(process -> isJava(process)
                        ? Optional.of(process)
                        : process.descendants().filter(PeakMemory::isJava).findFirst())
                .flatMap(jvm -> vmHwm(jvm.pid()));
    }

    private static boolean isJava(ProcessHandle process) {
        return process.info()
                .command()
                .map(command -> command.endsWith("/java"))
                .orElse(false);
    }

    private static Optional<Double> vmHwm(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return Optional.of(kib / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            System.err.println("[bench] no peak memory for pid " + pid + ": " + e);
        }
        return Optional.empty();
    }
}
