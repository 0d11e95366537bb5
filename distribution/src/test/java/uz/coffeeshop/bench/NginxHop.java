package uz.coffeeshop.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import uz.coffeeshop.it.support.FreePort;
import uz.coffeeshop.it.support.ServerProcess;

/**
 * Debian's nginx as one reverse-proxy hop in front of Keycloak, the anchor for what a thin proxy costs: a keepalive
 * upstream, {@code /api/} mapped to the extension as the gateway maps it, and nothing else (no token check, no
 * rules). Its own prefix and configuration under {@code target/bench/nginx}, a free loopback port, stopped by PID.
 */
final class NginxHop implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/nginx");

    private final int port;
    private final ServerProcess process;

    private NginxHop(int port, ServerProcess process) {
        this.port = port;
        this.process = process;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    static NginxHop start(URI keycloak, String realm, Path workDir) throws IOException {
        int port = FreePort.next();
        Path prefix = Files.createDirectories(workDir.resolve("nginx"));
        Files.createDirectories(prefix.resolve("logs"));
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, """
                worker_processes auto;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 1024; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  upstream keycloak {
                    server %2$s:%3$d;
                    keepalive 64;
                  }
                  server {
                    listen 127.0.0.1:%4$d;
                    location /api/ {
                      proxy_pass http://keycloak/realms/%5$s/coffee/;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      # Keycloak's own host, as the gateway sends it: the realm URL (and so a token's issuer) is
                      # computed from it, and the upstream's name would make every token's iss look wrong.
                      proxy_set_header Host %2$s:%3$d;
                      proxy_set_header X-Forwarded-For $remote_addr;
                    }
                  }
                }
                """.formatted(prefix, keycloak.getHost(), keycloak.getPort(), port, realm));
        ServerProcess process = ServerProcess.start(
                "nginx",
                List.of(BINARY.toString(), "-p", prefix.toString(), "-c", conf.toString(), "-g", "daemon off;"),
                workDir,
                Map.of(),
                prefix.resolve("logs/nginx.out"));
        NginxHop hop = new NginxHop(port, process);
        process.awaitHealthy(hop.baseUrl().resolve("/api/health"), Duration.ofSeconds(30));
        return hop;
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
