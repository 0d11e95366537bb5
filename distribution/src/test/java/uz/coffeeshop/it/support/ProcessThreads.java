package uz.coffeeshop.it.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The threads of a server as Linux sees them, from {@code /proc/<pid>/task/<tid>/stat} of the process and its
 * children (kc.sh may start Keycloak's JVM as one): what the scheduler really did and applies, whatever Java asked.
 */
public final class ProcessThreads {

    private ProcessThreads() {}

    /** One thread: its name, the CPU it used, and its nice value. */
    public record ThreadStat(String name, long cpuTicks, int nice) {}

    /** Every thread of {@code pid} and its descendants now; threads that end while read are left out. */
    public static List<ThreadStat> of(long pid) {
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
        List<ThreadStat> threads = new ArrayList<>();
        Stream.concat(Stream.of(process), process.descendants()).forEach(each -> {
            try (DirectoryStream<Path> tasks =
                    Files.newDirectoryStream(Path.of("/proc", String.valueOf(each.pid()), "task"))) {
                for (Path task : tasks) {
                    read(task, threads);
                }
            } catch (IOException gone) {
                // The process ended between listing and reading.
            }
        });
        return threads;
    }

    /** The nice value of each thread of {@code pid} called {@code name}; empty when there is none. */
    public static List<Integer> nice(long pid, String name) {
        return of(pid).stream()
                .filter(thread -> thread.name().equals(name))
                .map(ThreadStat::nice)
                .toList();
    }

    private static void read(Path task, List<ThreadStat> threads) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            // The name sits in parentheses and may hold spaces ("C2 CompilerThre"); the fields follow it.
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime: fields 14 and 15 of stat(5), nice field 19; 12, 13 and 16 after the name.
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            threads.add(new ThreadStat(name, ticks, Integer.parseInt(fields[16])));
        } catch (IOException | RuntimeException gone) {
            // A thread that ended meanwhile.
        }
    }
}
