package uz.coffeeshop.gateway;

import java.util.Map;

/**
 * {@code GATEWAY_IO_THREADS}: how many event-loop threads Reactor Netty runs, shared by the public port and the
 * client to Keycloak; by default one per two cores, at least one. Reactor Netty's own default is one per core but at
 * least 4. A call's work on a loop is short (read, hand on, write), and the more loops share the calls, the more
 * often a call's server and client sides sit on different loops and wake each other: on 2 cores shared with Keycloak
 * (the shipped layouts), one loop spent up to a fifth less CPU per call than two at 1000 calls/s, as much at 300/s,
 * and served as many calls saturated ({@code GatewayBenchmark} with {@code coffee.bench.other-gateway-env}). Reactor
 * Netty reads its setting (the system property {@code reactor.netty.ioWorkerCount}) once, before Spring starts, so it
 * is set here from {@link GatewayApplication#main}; a {@code -Dreactor.netty.ioWorkerCount} given to the JVM wins.
 */
final class EventLoopThreads {

    static final String VARIABLE = "GATEWAY_IO_THREADS";
    static final String REACTOR_PROPERTY = "reactor.netty.ioWorkerCount";

    private EventLoopThreads() {}

    /** Sets Reactor Netty's loop count from {@code environment}, unless the JVM was given it. */
    static void configure(Map<String, String> environment, int cores) {
        if (System.getProperty(REACTOR_PROPERTY) == null) {
            System.setProperty(REACTOR_PROPERTY, String.valueOf(count(environment.get(VARIABLE), cores)));
        }
    }

    /** The loops wanted: {@code GATEWAY_IO_THREADS} when it is a positive number, else one per two cores. */
    static int count(String configured, int cores) {
        if (configured == null || configured.isBlank()) {
            return Math.max(1, cores / 2);
        }
        int threads;
        try {
            threads = Integer.parseInt(configured.trim());
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException(VARIABLE + " must be a positive number of threads, not " + configured);
        }
        if (threads < 1) {
            throw new IllegalArgumentException(VARIABLE + " must be a positive number of threads, not " + configured);
        }
        return threads;
    }
}
