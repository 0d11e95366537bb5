package uz.coffeeshop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.GatewayProcess;
import uz.coffeeshop.it.support.KeycloakDistribution;
import uz.coffeeshop.it.support.KeycloakNode;
import uz.coffeeshop.it.support.Mailbox;
import uz.coffeeshop.it.support.TestDatabase;

/**
 * What it costs a sign-up that the embedded default keeps every acknowledged commit: the same sign-up load through
 * the gateway against a Keycloak on dev-file H2 with H2's own write delay (commits reach the file up to 500 ms later,
 * in the background; the baseline), then against one with {@link TestDatabase#H2_COMMIT_BEFORE_RETURN} (each commit
 * written before it returns), in the same run. Sizes as in {@link SignupBenchmark}.
 */
@CoffeeStackTest
class EmbeddedSignupBenchmark {

    private static final String BENCH = "sign-up, H2";
    private static final int SIGNUPS = Integer.getInteger("coffee.bench.signups", 150);
    /** H2's default, as Keycloak's dev-file ran before: the commit is in memory when it returns. */
    private static final String H2_DEFAULT = ";WRITE_DELAY=500";

    @Test
    void signUpsOnH2WithEachCommitWrittenBeforeItReturnsAgainstH2sWriteDelay(CoffeeStack stack) throws Exception {
        KeycloakDistribution distribution = stack.distributionFor(TestDatabase.embedded());
        SignupBenchmark.Run background = signUps(stack, distribution, "bench-h2-background", H2_DEFAULT);
        SignupBenchmark.Run onCommit =
                signUps(stack, distribution, "bench-h2-on-commit", TestDatabase.H2_COMMIT_BEFORE_RETURN);

        String how = "POST " + SignupBenchmark.SIGNUP_PATH + " via the gateway, " + SignupBenchmark.CLIENTS
                + " clients, " + SIGNUPS + " sign-ups on dev-file H2";
        BenchReport.row(
                BENCH,
                "throughput, WRITE_DELAY=0",
                onCommit.perSecond(),
                background.perSecond(),
                "/s",
                how + "; baseline: H2's default write delay (500 ms, commits lost on a kill); higher is better");
        BenchReport.row(
                BENCH,
                "p50, WRITE_DELAY=0",
                onCommit.percentile(50),
                background.percentile(50),
                "ms",
                "baseline: H2's default write delay; lower is better");
        BenchReport.row(
                BENCH,
                "p99, WRITE_DELAY=0",
                onCommit.percentile(99),
                background.percentile(99),
                "ms",
                "baseline: H2's default write delay; lower is better");
        assertThat(onCommit.failures() + background.failures())
                .as("failed sign-ups")
                .isZero();
    }

    /** A Keycloak of its own on a fresh H2 with {@code urlProperties}, a gateway, a warm-up, then the measured run. */
    private static SignupBenchmark.Run signUps(
            CoffeeStack stack, KeycloakDistribution distribution, String name, String urlProperties) throws Exception {
        try (Mailbox mailbox = Mailbox.start();
                KeycloakNode keycloak = KeycloakNode.start(
                        distribution,
                        TestDatabase.embedded(),
                        stack.workDir(),
                        name,
                        Map.of("db-url-properties", urlProperties),
                        CoffeeStack.realmEnvironment(mailbox));
                GatewayProcess gateway = GatewayProcess.start(
                        CoffeeStack.gatewayJar(),
                        stack.workDir(),
                        name + "-gateway",
                        keycloak,
                        CoffeeStack.REALM,
                        Map.of("GATEWAY_SIGNUP_LIMIT_PER_MINUTE", "1000000", "GATEWAY_SIGNUP_LIMIT_BURST", "100000"))) {
            SignupBenchmark.SignUp signUp =
                    new SignupBenchmark.ThroughApi(gateway.baseUrl().resolve(SignupBenchmark.SIGNUP_PATH));
            SignupBenchmark.Run warmUp = SignupBenchmark.run(signUp, Math.max(10, SIGNUPS / 10), name + " warm-up");
            assertThat(warmUp.failures()).as("failed sign-ups in the warm-up").isZero();
            return SignupBenchmark.run(signUp, SIGNUPS, name + " (" + urlProperties + ")");
        }
    }
}
