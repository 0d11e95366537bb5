package uz.coffeeshop.it.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Linux nice value of a server's threads by name, from {@code /proc/<pid>/task/<tid>/stat} of the process and its
 * children (kc.sh may start Keycloak's JVM as one): what the scheduler really applies, whatever Java was asked.
 */
public final class ThreadNice {

    private ThreadNice() {}

    /** The nice value of each thread called {@code name}; empty when there is none. */
    public static List<Integer> of(long pid, String name) {
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
        List<Integer> nice = new ArrayList<>();
        Stream.concat(Stream.of(process), process.descendants()).forEach(each -> {
            try (DirectoryStream<Path> tasks =
                    Files.newDirectoryStream(Path.of("/proc", String.valueOf(each.pid()), "task"))) {
                for (Path task : tasks) {
                    String stat = Files.readString(task.resolve("stat"));
                    // The name sits in parentheses and may hold spaces; the fields follow it.
                    String thread = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (thread.equals(name)) {
                        // nice: field 19 of stat(5), 16 after the name.
                        nice.add(Integer.parseInt(fields[16]));
                    }
                }
            } catch (IOException gone) {
                // The process or the thread ended between listing and reading.
            }
        });
        return nice;
    }
}
