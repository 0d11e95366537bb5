package uz.coffeeshop.keycloak.cleanup;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Which Keycloak process did a run, for the report: host name and process id (stable while the node lives). */
final class NodeName {

    private static final String NAME = compute();

    private NodeName() {}

    static String get() {
        return NAME;
    }

    private static String compute() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
