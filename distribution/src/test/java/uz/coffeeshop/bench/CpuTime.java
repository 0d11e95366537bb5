package uz.coffeeshop.bench;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * The CPU time a process and its children (kc.sh starts Keycloak's JVM as one) spend over a sum of intervals, as
 * the operating system counts it.
 */
final class CpuTime {

    /** Whose CPU counts: a process with its children (kc.sh and Keycloak's JVM), or the process alone. */
    enum Counted {
        WITH_CHILDREN,
        ALONE
    }

    private final ProcessHandle process;
    private final Counted counted;
    private Duration total = Duration.ZERO;
    private Duration startedAt;

    CpuTime(long pid) {
        this(pid, Counted.WITH_CHILDREN);
    }

    /** {@link Counted#ALONE} for the benchmark's own JVM, whose children are the servers it measures. */
    CpuTime(long pid, Counted counted) {
        this.process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
        this.counted = counted;
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
        return idleOrMicrosPer(calls);
    }

    /**
     * As {@link #microsPer}, for a process that may rightly have slept throughout (an idle gateway with one event loop
     * can spend less than the kernel's 10 ms tick over a round): no CPU counted is then a figure, 0.
     */
    double idleOrMicrosPer(long calls) {
        return total.toNanos() / 1000.0 / Math.max(1, calls);
    }

    private Duration now() {
        Stream<ProcessHandle> counting = counted == Counted.ALONE
                ? Stream.of(process)
                : Stream.concat(Stream.of(process), process.descendants());
        return counting.map(each -> each.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }
}
