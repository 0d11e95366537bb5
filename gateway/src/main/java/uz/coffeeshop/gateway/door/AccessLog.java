package uz.coffeeshop.gateway.door;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/** One structured line per request when the exchange ends (logger {@code uz.coffeeshop.gateway.access}). */
final class AccessLog {

    private static final Logger ACCESS = LoggerFactory.getLogger("uz.coffeeshop.gateway.access");

    private AccessLog() {}

    static void write(ServerWebExchange exchange, DoorContext context) {
        if (!ACCESS.isInfoEnabled()) {
            return;
        }
        var status = exchange.getResponse().getStatusCode();
        int code = status == null ? 0 : status.value();
        ServerHttpRequest request = exchange.getRequest();
        String method = request.getMethod().name();
        String path = request.getPath().value();
        String subject = context.subject();
        ACCESS.atInfo()
                .addKeyValue("requestId", context.requestId())
                .addKeyValue("method", method)
                .addKeyValue("path", path)
                .addKeyValue("status", code)
                .addKeyValue("durationMicros", (System.nanoTime() - context.startedNanos()) / 1000)
                .addKeyValue("client", context.client().text())
                .addKeyValue("subject", subject == null ? "-" : subject)
                .log("{} {} {}", method, path, code);
    }
}
