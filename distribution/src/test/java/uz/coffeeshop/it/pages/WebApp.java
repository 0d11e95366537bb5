package uz.coffeeshop.it.pages;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import uz.coffeeshop.it.support.CoffeeStack;

/**
 * The coffee shop's web app as far as the login needs it: a tiny HTTP server on the redirect URI of
 * {@code coffee-web} that receives the authorization response. Only one runs at a time (the port is the run's).
 */
final class WebApp implements AutoCloseable {

    private final HttpServer server;
    private final BlockingQueue<Map<String, String>> callbacks = new LinkedBlockingQueue<>();

    private WebApp(HttpServer server) {
        this.server = server;
    }

    static WebApp start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", CoffeeStack.WEB_APP_PORT), 0);
            WebApp app = new WebApp(server);
            server.createContext(CoffeeStack.webRedirectUri().getPath(), exchange -> {
                app.callbacks.add(query(exchange.getRequestURI()));
                byte[] page = "<!DOCTYPE html><html lang=\"en\"><title>Coffee Shop</title><h1>Signed in</h1></html>"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
                exchange.close();
            });
            server.start();
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The query parameters of the next request to the redirect URI (code and state, or error). */
    Map<String, String> awaitCallback(Duration timeout) {
        try {
            Map<String, String> callback = callbacks.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (callback == null) {
                throw new AssertionError("the browser never came back to " + CoffeeStack.webRedirectUri());
            }
            return callback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            parameters.put(
                    URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
