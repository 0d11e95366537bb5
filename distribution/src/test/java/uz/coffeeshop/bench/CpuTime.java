package uz.coffeeshop.bench;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * The CPU time a process and its children (kc.sh starts Keycloak's JVM as one) spend over a sum of intervals, as
 * the operating system counts it.
 */
final class CpuTime {

    private final ProcessHandle process;
    private Duration total = Duration.ZERO;
    private Duration startedAt;

    CpuTime(long pid) {
        this.process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
    }

    void start() {
        startedAt = now();
    }

    void stop() {
        total = total.plus(now().minus(startedAt));
    }

    double microsPer(long calls) {
        if (total.isZero()) {
            throw new AssertionError("no CPU time counted for process " + process.pid());
        }
        return total.toNanos() / 1000.0 / Math.max(1, calls);
    }

    private Duration now() {
        return Stream.concat(Stream.of(process), process.descendants())
                .map(each -> each.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }
}
