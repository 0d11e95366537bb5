package uz.coffeeshop.gateway.door;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One structured line per request when its answer is sent (logger {@code uz.coffeeshop.gateway.access}). */
public final class AccessLog {

    private static final Logger ACCESS = LoggerFactory.getLogger("uz.coffeeshop.gateway.access");

    private AccessLog() {}

    /** {@code path}: the raw path, without the query. */
    public static void write(String method, String path, int status, DoorContext context) {
        if (!ACCESS.isInfoEnabled()) {
            return;
        }
        String subject = context.subject();
        ACCESS.atInfo()
                .addKeyValue("requestId", context.requestId())
                .addKeyValue("method", method)
                .addKeyValue("path", path)
                .addKeyValue("status", status)
                .addKeyValue("durationMicros", (System.nanoTime() - context.startedNanos()) / 1000)
                .addKeyValue("client", context.client().text())
                .addKeyValue("subject", subject == null ? "-" : subject)
                .log("{} {} {}", method, path, status);
    }
}
