package uz.coffeeshop.it.containers;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import uz.coffeeshop.it.support.FreePort;
import uz.coffeeshop.it.support.Http;

/**
 * The coffee shop as {@code docker-compose.yml} (and the given overrides) runs it on the local images, seen from
 * the host only through the published ports, as a client sees it. Each instance gets free ports and a subnet of
 * its own; the compose variables are the README's.
 */
final class ComposeShop implements AutoCloseable {

    static final String REALM = "coffee-shop";
    static final String PASSWORD = "a long enough password";
    static final String LOCAL_IMAGES = "deploy/compose/local-images.yml";

    final ComposeProject project;
    final Map<String, String> env;
    final String subnetPrefix;
    final String adminEmail = "barista-admin@coffee-shop.test";
    private final String adminPassword = "admin-" + UUID.randomUUID();
    private final String masterPassword = "master-" + UUID.randomUUID();

    /**
     * {@code subnetOctet} picks 172.28.{octet}.0/24, so that two projects never share a network. The gateway trusts
     * {@code X-Forwarded-For} from the bridge's own address, where the published ports' connections come from:
     * the tests then name the client address of each call, as a proxy in front of the gateway would.
     */
    ComposeShop(String name, int subnetOctet, List<String> files, Map<String, String> extraEnv) {
        subnetPrefix = "172.28." + subnetOctet + ".";
        env = new HashMap<>();
        env.put("POSTGRES_PASSWORD", "pg-" + UUID.randomUUID());
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", masterPassword);
        env.put("COFFEE_ADMIN_EMAIL", adminEmail);
        env.put("COFFEE_ADMIN_PASSWORD", adminPassword);
        env.put("COFFEE_NETWORK_SUBNET", subnetPrefix + "0/24");
        env.put("COFFEE_NETWORK_DYNAMIC_RANGE", subnetPrefix + "128/25");
        env.put("COFFEE_NETWORK_GATEWAY", subnetPrefix + "1");
        env.put("COFFEE_GATEWAY_ADDRESS", subnetPrefix + "10");
        env.put("COFFEE_GATEWAY_2_ADDRESS", subnetPrefix + "11");
        env.put("COFFEE_KEYCLOAK_ADDRESS", subnetPrefix + "20");
        env.put("COFFEE_KEYCLOAK_2_ADDRESS", subnetPrefix + "21");
        env.put("GATEWAY_TRUSTED_PROXIES", subnetPrefix + "1");
        for (String port : List.of(
                "KEYCLOAK_PORT",
                "KEYCLOAK_MANAGEMENT_PORT",
                "KEYCLOAK_2_PORT",
                "GATEWAY_PORT",
                "GATEWAY_MANAGEMENT_PORT",
                "GATEWAY_2_PORT",
                "MAIL_WEB_PORT")) {
            env.put(port, String.valueOf(FreePort.next()));
        }
        env.put("KC_HOSTNAME", "http://127.0.0.1:" + env.get("KEYCLOAK_PORT"));
        env.putAll(extraEnv);
        Path log = Path.of(System.getProperty("coffee.work.dir", "target/it"), name + "-compose.log")
                .toAbsolutePath();
        project = new ComposeProject(name, ComposeProject.projectDir(), files, env, log);
    }

    /**
     * Builds the images and starts every service, then waits for the health checks of {@code servedBy} (compose v1
     * has no {@code up --wait}); whatever started is torn down again when the start fails.
     */
    void start(String... servedBy) {
        try {
            project.up();
            for (String service : servedBy) {
                project.awaitHealthy(service, Duration.ofMinutes(5));
            }
        } catch (RuntimeException | Error e) {
            System.err.println("[compose] the start failed; last logs:\n" + project.logTail(""));
            close();
            throw e;
        }
    }

    URI keycloak() {
        return port("KEYCLOAK_PORT");
    }

    URI gateway() {
        return port("GATEWAY_PORT");
    }

    /** The cluster profile's second gateway, in front of the second Keycloak node. */
    URI gateway2() {
        return port("GATEWAY_2_PORT");
    }

    URI port(String variable) {
        return URI.create("http://127.0.0.1:" + env.get(variable));
    }

    MailCatcher mail() {
        return new MailCatcher(port("MAIL_WEB_PORT"));
    }

    /** {@code POST /api/auth/signup} through {@code door}, from the client address {@code clientIp}. */
    Http.Response signUp(URI door, String email, String clientIp) {
        return Http.send(
                HttpRequest.newBuilder(door.resolve("/api/auth/signup"))
                        .header("Content-Type", "application/json")
                        .header("X-Forwarded-For", clientIp)
                        .POST(Http.jsonBody(Map.of("email", email, "password", PASSWORD))),
                Duration.ofSeconds(30));
    }

    /** The access token of {@code email}'s password login, at Keycloak's published port. */
    String login(String email, String password) {
        Http.Response response = passwordGrant("coffee-shop", "coffee-cli", email, password);
        if (response.status() != 200) {
            throw new AssertionError("login of " + email + " failed: " + response);
        }
        return response.json().path("access_token").asText();
    }

    String loginAdmin() {
        return login(adminEmail, adminPassword);
    }

    /** Whether an account with this address is stored, asked through Keycloak's own admin API. */
    boolean accountExists(String email) {
        Http.Response master = passwordGrant("master", "admin-cli", "admin", masterPassword);
        if (master.status() != 200) {
            throw new AssertionError("master admin login failed: " + master);
        }
        Http.Response users = Http.get(
                keycloak()
                        .resolve("/admin/realms/" + REALM + "/users?exact=true&briefRepresentation=true&email="
                                + URLEncoder.encode(email, StandardCharsets.UTF_8)),
                master.json().path("access_token").asText());
        if (users.status() != 200) {
            throw new AssertionError("user search failed: " + users);
        }
        return users.json().size() == 1;
    }

    private Http.Response passwordGrant(String realm, String client, String username, String password) {
        return Http.send(
                HttpRequest.newBuilder(keycloak().resolve("/realms/" + realm + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(Http.form(
                                "grant_type",
                                "password",
                                "client_id",
                                client,
                                "scope",
                                "openid",
                                "username",
                                username,
                                "password",
                                password)));
    }

    static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Keeps every service's log beside the project's log, then tears the project down with its volumes. */
    @Override
    public void close() {
        project.saveLogs();
        project.close();
    }
}
