package uz.coffeeshop.it.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.FreePort;
import uz.coffeeshop.it.support.GatewayProcess;
import uz.coffeeshop.it.support.Http;

/**
 * {@code barista cleanup preview} and {@code barista mail status|retry ID} against the console tests' Keycloak and a
 * gateway of its own, logging in with the password on stdin as a script does (never on the command line).
 */
@CoffeeStackTest
@ExtendWith(ConsoleShopExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BaristaAdminIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private CoffeeStack stack;
    private ConsoleShop shop;
    private GatewayProcess gateway;
    private Path barista;

    @BeforeAll
    void start(CoffeeStack stack, ConsoleShop shop) {
        this.stack = stack;
        this.shop = shop;
        this.gateway = GatewayProcess.start(
                CoffeeStack.gatewayJar(), stack.workDir(), "gateway-barista", shop.node, CoffeeStack.REALM, Map.of());
        this.barista = Path.of(System.getProperty("coffee.project.dir", "..")).resolve("barista");
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    record Result(int exit, String output) {}

    private Result barista(String stdin, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("bash", barista.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(barista.getParent().toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("KC_") || name.startsWith("BARISTA_"));
        env.put("KEYCLOAK_PORT", String.valueOf(shop.node.baseUrl().getPort()));
        env.put("GATEWAY_PORT", String.valueOf(gateway.baseUrl().getPort()));
        env.put("BARISTA_ADMIN_EMAIL", ConsoleShop.ADMIN_EMAIL);
        try {
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("./barista " + String.join(" ", args) + " did not end");
            }
            return new Result(
                    process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void cleanupPreviewPrintsTheDueUserInATableAndDeletesNobody() {
        String email = "barista-due-" + System.nanoTime() + "@example.com";
        String id = shop.signedUpAgo(email, Duration.ofDays(3));
        shop.cleanupSettings(true, 60L, 0, true);

        Result preview = barista(ConsoleShop.ADMIN_PASSWORD + "\n", "cleanup", "preview");

        assertThat(preview.exit()).as(preview.output()).isZero();
        assertThat(preview.output()).contains("Preview (dry run, nothing changed)", "E-MAIL", email, id);
        assertThat(preview.output()).doesNotContain(ConsoleShop.ADMIN_PASSWORD);
        assertThat(shop.admin.send("GET", "/users/" + id, null).status()).isEqualTo(200);
    }

    @Test
    void cleanupRunPrintsTheRunsReport() {
        String email = "barista-run-" + System.nanoTime() + "@example.com";
        String id = shop.signedUpAgo(email, Duration.ofDays(3));
        shop.cleanupSettings(true, 60L, 0, false);

        Result run = barista(ConsoleShop.ADMIN_PASSWORD + "\n", "cleanup", "run", "--yes");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("Run of realm", "deleted", email, id);
        assertThat(shop.admin.send("GET", "/users/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void mailStatusListsTheDeadMailAndRetrySendsIt() {
        shop.smtpTo(FreePort.next());
        String email = "barista-dead-" + System.nanoTime() + "@example.com";
        Http.Response signedUp = Http.send(HttpRequest.newBuilder(shop.api("/auth/signup"))
                .header("Content-Type", "application/json")
                .POST(Http.jsonBody(Map.of("email", email, "password", ConsoleShop.PASSWORD))));
        assertThat(signedUp.status()).as(signedUp.toString()).isEqualTo(201);
        String id = Await.until(() -> deadMailId(email), found -> found != null, Duration.ofMillis(500), WAIT);
        shop.smtpTo(stack.mailbox().smtpPort());

        Result status = barista(ConsoleShop.ADMIN_PASSWORD + "\n", "mail", "status");

        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(status.output()).contains("WAITING", "DEAD MAIL ID", id, email, "yes");

        Result retry = barista(ConsoleShop.ADMIN_PASSWORD + "\n", "mail", "retry", id);

        assertThat(retry.exit()).as(retry.output()).isZero();
        assertThat(retry.output()).contains("queued again");
        stack.mailbox().awaitMessage(email, "Confirm your e-mail address", WAIT);
    }

    @Test
    void aWrongPasswordIsRefusedWithAMessageAndAFailure() {
        Result refused = barista("not the password\n", "mail", "status");

        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("login refused").doesNotContain("DEAD MAIL ID");
    }

    private String deadMailId(String email) {
        for (JsonNode mail :
                Http.get(shop.api("/admin/mail/dead"), shop.adminToken()).json().path("mails")) {
            if (email.equals(mail.path("recipient").asText())) {
                return mail.path("id").asText();
            }
        }
        return null;
    }
}
