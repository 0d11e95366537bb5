package uz.coffeeshop.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The share of a JVM's CPU (and its children's: kc.sh starts Keycloak's) that its JIT compiler threads took over an
 * interval, from {@code /proc/<pid>/task/<tid>/stat}: a server whose compilers still work is not warm yet, and what
 * it spends per call then is mostly compiling (a gateway's C2 threads can still take a third of its CPU after 20 s).
 */
final class CompilerShare {

    private final ProcessHandle process;
    private long[] started;

    CompilerShare(long pid) {
        this.process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
    }

    void start() {
        started = ticks();
    }

    /** Compiler threads' CPU ÷ all threads' CPU since {@link #start()}; 0 when nothing ran. */
    double stop() {
        long[] now = ticks();
        long all = now[1] - started[1];
        return all <= 0 ? 0 : (double) (now[0] - started[0]) / all;
    }

    /** {compiler threads' ticks, all threads' ticks}. */
    private long[] ticks() {
        long[] sum = new long[2];
        Stream.concat(Stream.of(process), process.descendants()).forEach(each -> {
            try (DirectoryStream<Path> tasks =
                    Files.newDirectoryStream(Path.of("/proc", String.valueOf(each.pid()), "task"))) {
                for (Path task : tasks) {
                    add(task, sum);
                }
            } catch (IOException gone) {
                // The process ended between listing and reading: it takes no CPU any more.
            }
        });
        return sum;
    }

    private static void add(Path task, long[] sum) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            // The name sits in parentheses and may hold spaces ("C2 CompilerThre"); the fields follow it.
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime: fields 14 and 15 of stat(5), 12 and 13 after the name.
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            sum[1] += ticks;
            if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                sum[0] += ticks;
            }
        } catch (IOException | RuntimeException gone) {
            // A thread that ended meanwhile.
        }
    }
}
