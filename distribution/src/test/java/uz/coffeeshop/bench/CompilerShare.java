package uz.coffeeshop.bench;

import uz.coffeeshop.it.support.ProcessThreads;

/**
 * The share of a JVM's CPU (and its children's: kc.sh starts Keycloak's) that its JIT compiler threads took over an
 * interval, from {@link ProcessThreads}: a server whose compilers still work is not warm yet, and what
 * it spends per call then is mostly compiling (a gateway's C2 threads can still take a third of its CPU after 20 s).
 */
final class CompilerShare {

    private final long pid;
    private long[] started;

    CompilerShare(long pid) {
        this.pid = pid;
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
        for (ProcessThreads.ThreadStat thread : ProcessThreads.of(pid)) {
            sum[1] += thread.cpuTicks();
            if (thread.name().startsWith("C1 Compiler") || thread.name().startsWith("C2 Compiler")) {
                sum[0] += thread.cpuTicks();
            }
        }
        return sum;
    }
}
