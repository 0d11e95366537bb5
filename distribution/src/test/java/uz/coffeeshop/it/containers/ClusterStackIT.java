package uz.coffeeshop.it.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.DockerEngine;

/**
 * The cluster profile of {@code docker-compose.yml} on the local images: two Keycloak nodes on one PostgreSQL (their
 * own Infinispan cluster, JDBC_PING discovery) and two gateways sharing their rate limits through Redis, each gateway
 * in front of its own node. Driven from the host through the published ports; torn down with its volumes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterStackIT {

    /** The shipped gateway sign-up limit: 10 a minute per client IP, 5 at once. */
    private static final int BURST = 5;

    private static final double PER_SECOND = 10 / 60.0;
    /** The documented overspend bound for N gateways: (N - 1) x (burst + rate x sync interval of 250 ms). */
    private static final double OVERSPEND_OF_TWO = BURST + PER_SECOND * 0.25;

    private static final int CLEANUP_INTERVAL_SECONDS = 15;

    /** The extension's line for each cleanup run; nothing in this test starts a manual one. */
    private static final Pattern CLEANUP_RUN =
            Pattern.compile("Realm coffee-shop: cleanup .* examined \\d+.* in (\\d+) ms");

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private static final Pattern TWO_NODE_VIEW = Pattern.compile("ISPN000094: Received new cluster view.*\\(2\\)");

    private static ComposeShop shop;

    @BeforeAll
    static void bringUpTheCluster() {
        DockerEngine.require("the cluster test");
        shop = new ComposeShop(
                "coffee-cluster-it",
                42,
                List.of("docker-compose.yml", ComposeShop.LOCAL_IMAGES),
                Map.of(
                        "COMPOSE_PROFILES",
                        "cluster",
                        "COFFEE_CLEANUP_INTERVAL_SECONDS",
                        String.valueOf(CLEANUP_INTERVAL_SECONDS)));
        shop.start("keycloak", "keycloak-2", "gateway", "gateway-2");
    }

    @AfterAll
    static void tearDownWithVolumes() {
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    @Order(1)
    void bothNodesFormOneClusterAndSignUpsGoThroughBothGatewaysAndNodes() {
        Await.until(
                () -> TWO_NODE_VIEW.matcher(shop.project.log("keycloak-2")).find(),
                Boolean::booleanValue,
                Duration.ofSeconds(2),
                Duration.ofMinutes(2));
        try (SignUpBurst burst = SignUpBurst.start(shop, List.of(shop.gateway(), shop.gateway2()), 4)) {
            Await.until(
                    "10 sign-ups through each gateway",
                    Duration.ofMinutes(3),
                    () -> burst.acknowledgedBy(shop.gateway()) >= 10 && burst.acknowledgedBy(shop.gateway2()) >= 10);
            System.out.printf(
                    "[cluster] sign-ups acknowledged: %d through gateway 1 (node 1), %d through gateway 2 "
                            + "(node 2)%n",
                    burst.acknowledgedBy(shop.gateway()), burst.acknowledgedBy(shop.gateway2()));
        }
    }

    @Test
    @Order(2)
    void theClusterRunsTheScheduledCleanupOncePerInterval() {
        Instant watchFrom = Instant.now();
        List<CleanupRun> runs = Await.until(
                ClusterStackIT::scheduledCleanupRuns,
                found -> found.size() >= 4,
                Duration.ofSeconds(2),
                Duration.ofMinutes(4));
        Duration shortestGap = Duration.ofDays(1);
        Duration shortestStartToStart = Duration.ofDays(1);
        for (int i = 1; i < runs.size(); i++) {
            Duration gap = Duration.between(runs.get(i - 1).end(), runs.get(i).start());
            shortestGap = gap.compareTo(shortestGap) < 0 ? gap : shortestGap;
            Duration startToStart =
                    Duration.between(runs.get(i - 1).start(), runs.get(i).start());
            shortestStartToStart =
                    startToStart.compareTo(shortestStartToStart) < 0 ? startToStart : shortestStartToStart;
        }
        long onNode1 =
                runs.stream().filter(run -> run.node().equals("keycloak")).count();
        Duration span =
                Duration.between(runs.get(0).start(), runs.get(runs.size() - 1).end());
        System.out.printf(
                "[cluster] %d scheduled cleanup runs in %d s (interval %d s): %d on node 1, %d on node 2; the shortest "
                        + "pause between two runs of the cluster %d ms, between two starts %d ms (watched from %s)%n",
                runs.size(),
                span.toSeconds(),
                CLEANUP_INTERVAL_SECONDS,
                onNode1,
                runs.size() - onNode1,
                shortestGap.toMillis(),
                shortestStartToStart.toMillis(),
                watchFrom);
        // The cluster-aware runner's lock: a run of one node never starts while the other node's run goes on.
        assertThat(shortestGap).as("%s", runs).isPositive();
        // The tick's claim: one run per interval for the cluster, not one per node (two nodes' timers, unclaimed,
        // start runs a fraction of an interval apart).
        assertThat(shortestStartToStart).as("%s", runs).isGreaterThan(Duration.ofSeconds(CLEANUP_INTERVAL_SECONDS / 2));
    }

    /** One scheduled run as a node's log reports it at its end, with its duration. */
    record CleanupRun(String node, Instant start, Instant end) {}

    private static List<CleanupRun> scheduledCleanupRuns() {
        List<CleanupRun> runs = new ArrayList<>(cleanupRunsOf("keycloak"));
        runs.addAll(cleanupRunsOf("keycloak-2"));
        runs.sort(java.util.Comparator.comparing(CleanupRun::start));
        return runs;
    }

    /** Keycloak's log lines start with their time, UTC in the image; the run's line ends "in <n> ms". */
    private static List<CleanupRun> cleanupRunsOf(String node) {
        List<CleanupRun> runs = new ArrayList<>();
        for (String line : shop.project.log(node).lines().toList()) {
            java.util.regex.Matcher run = CLEANUP_RUN.matcher(line);
            if (run.find()) {
                Instant end =
                        LocalDateTime.parse(line.substring(0, 23), LOG_TIME).toInstant(ZoneOffset.UTC);
                runs.add(new CleanupRun(node, end.minusMillis(Long.parseLong(run.group(1))), end));
            }
        }
        return runs;
    }

    @Test
    @Order(3)
    void oneClientsSignUpsThroughBothGatewaysStayWithinTheSharedLimitsOverspendBound() {
        String client = "10.42.9.9";
        Instant start = Instant.now();
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 24; i++) {
            URI door = i % 2 == 0 ? shop.gateway() : shop.gateway2();
            int status = shop.signUp(door, ComposeShop.uniqueEmail("shared-limit"), client)
                    .status();
            if (status == 201) {
                accepted++;
            } else {
                assertThat(status).isEqualTo(429);
                refused++;
            }
        }
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        double oneGatewayAllows = BURST + PER_SECOND * seconds;
        System.out.printf(
                "[cluster] one client, 24 sign-ups over both gateways in %.1f s: %d accepted, %d refused; "
                        + "one gateway's limit allows %.1f, the bound with two %.1f, two unshared limits %.1f%n",
                seconds,
                accepted,
                refused,
                oneGatewayAllows,
                oneGatewayAllows + OVERSPEND_OF_TWO,
                2 * oneGatewayAllows);
        assertThat(accepted).isBetween(BURST, (int) Math.floor(oneGatewayAllows + OVERSPEND_OF_TWO));
    }

    @Test
    @Order(4)
    void whenANodeOrAGatewayIsKilledTheOtherGoesOnAndNothingAcknowledgedIsLost() {
        URI gateway1 = shop.gateway();
        URI gateway2 = shop.gateway2();
        SignUpBurst burst = SignUpBurst.start(shop, List.of(gateway1, gateway2), 4);
        long node2KilledAt;
        long gateway1KilledAt;
        try (burst) {
            Await.until(
                    "5 sign-ups through each gateway",
                    Duration.ofMinutes(2),
                    () -> burst.acknowledgedBy(gateway1) >= 5 && burst.acknowledgedBy(gateway2) >= 5);

            shop.project.killContainer("keycloak-2");
            node2KilledAt = burst.acknowledgedCount();
            long throughNode1 = burst.acknowledgedBy(gateway1);
            Await.until(
                    "node 1 goes on: 10 sign-ups more through gateway 1",
                    Duration.ofMinutes(2),
                    () -> burst.acknowledgedBy(gateway1) >= throughNode1 + 10);
            shop.project.start("keycloak-2");
            shop.project.awaitHealthy("keycloak-2", Duration.ofMinutes(5));
            long throughNode2 = burst.acknowledgedBy(gateway2);
            Await.until(
                    "node 2 back: 5 sign-ups more through gateway 2",
                    Duration.ofMinutes(2),
                    () -> burst.acknowledgedBy(gateway2) >= throughNode2 + 5);

            shop.project.killContainer("gateway");
            gateway1KilledAt = burst.acknowledgedCount();
            long throughGateway2 = burst.acknowledgedBy(gateway2);
            Await.until(
                    "gateway 2 goes on: 10 sign-ups more",
                    Duration.ofMinutes(2),
                    () -> burst.acknowledgedBy(gateway2) >= throughGateway2 + 10);
        }
        Map<String, URI> acknowledged = burst.acknowledged();
        List<String> missing = acknowledged.keySet().stream()
                .filter(email -> !shop.accountExists(email))
                .toList();
        System.out.printf(
                "[cluster] kills in a sign-up burst over both gateways: %d acknowledged when node 2 was "
                        + "killed, %d when gateway 1 was killed, %d in all (%d through gateway 1, %d through gateway 2), "
                        + "%d refused; %d of %d acknowledged stored%n",
                node2KilledAt,
                gateway1KilledAt,
                acknowledged.size(),
                burst.acknowledgedBy(gateway1),
                burst.acknowledgedBy(gateway2),
                burst.refusedCount(),
                acknowledged.size() - missing.size(),
                acknowledged.size());
        assertThat(missing).isEmpty();
    }
}
