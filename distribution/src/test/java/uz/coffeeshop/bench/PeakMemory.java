package uz.coffeeshop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Peak resident memory of a process: {@code VmHWM} of {@code /proc/<pid>/status} (Linux), in MiB. */
final class PeakMemory {

    private PeakMemory() {}

    static Optional<Double> mebibytes(long pid) {
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
