package uz.coffeeshop.it.containers;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import uz.coffeeshop.it.api.CoffeeApi;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.DockerEngine;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.Mailbox;

/**
 * {@code docker-compose.yml} itself, brought up on the local images (deploy/images/build-local-images) and driven
 * from the host through its published ports only: the main job, the extension's per-IP limit behind the gateway, and
 * a crash of Keycloak in a sign-up burst. Torn down with its volumes at the end. Needs a Docker engine (see
 * {@link DockerEngine}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStackIT {

    /** The extension's shipped quota of sign-ups per client IP and window. */
    private static final int SIGNUPS_PER_IP = 30;

    private static ComposeShop shop;

    @BeforeAll
    static void bringUpTheStack() {
        DockerEngine.require("the compose end-to-end test");
        shop = new ComposeShop(
                "coffee-compose-it",
                41,
                List.of("docker-compose.yml", ComposeShop.LOCAL_IMAGES),
                Map.of(
                        // The gateway's own sign-up bucket wide open, so that what refuses is the extension's limit.
                        "GATEWAY_SIGNUP_LIMIT_PER_MINUTE", "100000",
                        "GATEWAY_SIGNUP_LIMIT_BURST", "10000",
                        // An hour's window, so that the test never meets a window's end between its calls.
                        "COFFEE_LIMIT_WINDOW_SECONDS", "3600"));
        shop.start("keycloak", "gateway");
    }

    @AfterAll
    static void tearDownWithVolumes() {
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    @Order(1)
    void signUpMailLinkTokenProfileAdminAndCleanupPreviewWorkThroughThePublishedPorts() {
        String email = ComposeShop.uniqueEmail("compose-main");

        Http.Response signUp = shop.signUp(shop.gateway(), email, "10.41.0.1");
        assertThat(signUp.status()).as(signUp.toString()).isEqualTo(201);

        MimeMessage mail = shop.mail().awaitMessage(email, Duration.ofSeconds(60));
        String pages = CoffeeApi.openInBrowser(Mailbox.link(mail, "action-token"));

        String token = shop.login(email, ComposeShop.PASSWORD);
        Http.Response me = Http.get(shop.gateway().resolve("/api/users/me"), token);
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().path("email").asText()).isEqualTo(email.toLowerCase());
        assertThat(me.json().path("emailVerified").asBoolean()).as(pages).isTrue();

        String adminToken = shop.loginAdmin();
        Http.Response users = Http.get(
                shop.gateway().resolve("/api/users?search=" + URLEncoder.encode(email, StandardCharsets.UTF_8)),
                adminToken);
        assertThat(users.status()).as(users.toString()).isEqualTo(200);
        assertThat(users.toString()).contains(email.toLowerCase());
        Http.Response asUser = Http.get(shop.gateway().resolve("/api/users"), token);
        assertThat(asUser.status()).as(asUser.toString()).isEqualTo(403);

        Http.Response preview =
                Http.send(HttpRequest.newBuilder(shop.gateway().resolve("/api/admin/cleanup/run?dryRun=true"))
                        .header("Authorization", "Bearer " + adminToken)
                        .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(preview.status()).as(preview.toString()).isIn(200, 202);
        System.out.printf(
                "[compose] main job: sign-up 201, mail at the catcher, link verified, token, "
                        + "/api/users/me 200, admin /api/users 200 (a user 403), cleanup preview %d%n",
                preview.status());
    }

    @Test
    @Order(2)
    void theExtensionCountsSignUpsPerClientBehindTheGatewayNotPerGateway() {
        String busyClient = "10.41.1.1";
        List<Integer> answers = IntStream.rangeClosed(1, SIGNUPS_PER_IP + 1)
                .mapToObj(i -> shop.signUp(shop.gateway(), ComposeShop.uniqueEmail("per-ip-" + i), busyClient)
                        .status())
                .toList();
        assertThat(answers.subList(0, SIGNUPS_PER_IP)).as(answers.toString()).containsOnly(201);
        Http.Response overQuota = shop.signUp(shop.gateway(), ComposeShop.uniqueEmail("per-ip-over"), busyClient);
        assertThat(overQuota.status()).as(overQuota.toString()).isEqualTo(429);

        // Through the same gateway, another client still has its whole quota: the count is the client's.
        Http.Response otherClient = shop.signUp(shop.gateway(), ComposeShop.uniqueEmail("per-ip-other"), "10.41.1.2");
        assertThat(otherClient.status()).as(otherClient.toString()).isEqualTo(201);

        // At Keycloak's own published port a caller can't name the exhausted client: only the gateway is trusted.
        Http.Response direct = Http.send(
                HttpRequest.newBuilder(shop.keycloak().resolve("/realms/" + ComposeShop.REALM + "/coffee/auth/signup"))
                        .header("Content-Type", "application/json")
                        .header("X-Forwarded-For", busyClient)
                        .POST(Http.jsonBody(Map.of(
                                "email", ComposeShop.uniqueEmail("per-ip-direct"), "password", ComposeShop.PASSWORD))));
        assertThat(direct.status()).as(direct.toString()).isEqualTo(201);
        System.out.printf(
                "[compose] per-IP limit: %d sign-ups of one client 201, then %d; another client 201; "
                        + "a forged X-Forwarded-For at Keycloak's port 201%n",
                SIGNUPS_PER_IP, overQuota.status());
    }

    @Test
    @Order(3)
    void everyAcknowledgedSignUpIsStoredAfterKeycloakIsKilledInABurst() {
        SignUpBurst burst = SignUpBurst.start(shop, List.of(shop.gateway()), 4);
        int beforeKill;
        try (burst) {
            Await.until("10 sign-ups acknowledged", Duration.ofMinutes(2), () -> burst.acknowledgedCount() >= 10);
            shop.project.killContainer("keycloak");
            beforeKill = burst.acknowledgedCount();

            shop.project.start("keycloak");
            shop.project.awaitHealthy("keycloak", Duration.ofMinutes(5));
            Await.until(
                    "10 sign-ups more acknowledged after the restart",
                    Duration.ofMinutes(2),
                    () -> burst.acknowledgedCount() >= beforeKill + 10);
        }
        Map<String, URI> acknowledged = burst.acknowledged();
        int afterRestart = acknowledged.size() - beforeKill;
        int refused = burst.refusedCount();

        List<String> missing = acknowledged.keySet().stream()
                .filter(email -> !shop.accountExists(email))
                .toList();
        System.out.printf(
                "[compose] kill of Keycloak in a sign-up burst: %d acknowledged before the kill, %d refused "
                        + "while it was down, %d acknowledged after the restart; %d of %d acknowledged stored%n",
                beforeKill, refused, afterRestart, acknowledged.size() - missing.size(), acknowledged.size());
        assertThat(missing).isEmpty();
    }
}
