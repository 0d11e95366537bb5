package uz.coffeeshop.gateway;

import java.util.Map;

/**
 * {@code GATEWAY_IO_THREADS}: how many event-loop threads Reactor Netty runs, shared by the public port and the
 * client to Keycloak; by default one per core. Reactor Netty's own default is one per core but at least 4: on a
 * machine of 2 cores, where the gateway shares the cores with Keycloak, twice as many loops as cores spread the same
 * calls over more threads, so each call pays for more wake-ups and context switches. Reactor Netty reads its
 * setting (the system property {@code reactor.netty.ioWorkerCount}) once, before Spring starts, so it is set here
 * from {@link GatewayApplication#main}; a {@code -Dreactor.netty.ioWorkerCount} given to the JVM wins.
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

    /** The loops wanted: {@code GATEWAY_IO_THREADS} when it is a positive number, else one per core. */
    static int count(String configured, int cores) {
        if (configured == null || configured.isBlank()) {
            return cores;
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
