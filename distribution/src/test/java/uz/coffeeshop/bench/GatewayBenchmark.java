package uz.coffeeshop.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;
import uz.coffeeshop.it.support.KeycloakAdmin;
import uz.coffeeshop.it.support.Tokens;

/**
 * What the gateway costs: the same authorised GET for 30 s at concurrency 16, through the gateway (JWT checked
 * locally, rules, rate limit in Redis where the route has one, forwarding) and straight to the extension, in one
 * run on the same machine, in six interleaved 5 s slices each (the machine is shared: interleaving spreads outside
 * load over both); requests per second, p50 and p99 of each, their ratios, the CPU each process spends per call
 * (on one machine the throughput ratio follows from it), and the gateway's heap after.
 * {@code GET /api/users/me} when the extension serves it, else {@code GET /api/health} with the token (then the
 * per-user rate limit is not in the path: health has none).
 *
 * <p>Run: {@code ./mvnw verify -Pbench -Dit.test=GatewayBenchmark}. Figures go to target/bench/results.md.
 */
@CoffeeStackTest
class GatewayBenchmark {

    private static final String NAME = "gateway";
    private static final int CONCURRENCY = 16;
    /** Long enough for both JITs to settle: the gateway's C2 compiles for about a minute of load (profiled). */
    private static final Duration WARM_UP = Duration.ofSeconds(30);

    private static final Duration RUN = Duration.ofSeconds(30);
    private static final int SLICES = 6;

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Test
    void gatewayOverheadOnAnAuthorisedGet(CoffeeStack stack) throws Exception {
        String email = "bench-" + UUID.randomUUID() + "@example.com";
        String password = "a long enough password";
        new KeycloakAdmin(stack.keycloak(), CoffeeStack.REALM).createUser(email, password, true);
        // One token for the whole run: the realm's access tokens live 5 minutes, the run takes about 75 s.
        String token = Tokens.login(stack.keycloak(), CoffeeStack.REALM, email, password)
                .accessToken();

        URI directMe = stack.keycloak().baseUrl().resolve("/realms/" + CoffeeStack.REALM + "/coffee/users/me");
        boolean meExists = Http.get(directMe, token).status() == 200;
        String path = meExists ? "users/me" : "health";
        URI direct = stack.keycloak().baseUrl().resolve("/realms/" + CoffeeStack.REALM + "/coffee/" + path);
        URI gateway = stack.gateway().baseUrl().resolve("/api/" + path);
        if (Http.get(gateway, token).status() != 200 || Http.get(direct, token).status() != 200) {
            throw new AssertionError("the benchmark's request does not answer 200: " + Http.get(gateway, token));
        }

        load(direct, token, WARM_UP);
        load(gateway, token, WARM_UP);
        // Interleaved slices, so that load from elsewhere on the machine falls on both sides alike.
        List<Result> straightSlices = new ArrayList<>();
        List<Result> throughSlices = new ArrayList<>();
        CpuTime keycloakStraight = new CpuTime(stack.keycloak().pid());
        CpuTime keycloakThrough = new CpuTime(stack.keycloak().pid());
        CpuTime gatewayThrough = new CpuTime(stack.gateway().pid());
        for (int slice = 0; slice < SLICES; slice++) {
            keycloakStraight.start();
            straightSlices.add(load(direct, token, RUN.dividedBy(SLICES)));
            keycloakStraight.stop();
            keycloakThrough.start();
            gatewayThrough.start();
            throughSlices.add(load(gateway, token, RUN.dividedBy(SLICES)));
            gatewayThrough.stop();
            keycloakThrough.stop();
        }
        Result straight = Result.merge(straightSlices);
        Result through = Result.merge(throughSlices);

        String what = "GET /api/" + path + " c=" + CONCURRENCY + " " + RUN.toSeconds() + "s each";
        BenchReport.row(
                NAME,
                "requests/s (" + what + ")",
                through.perSecond(),
                straight.perSecond(),
                "req/s",
                "gateway vs straight to the extension; higher is better, aim ≥ 0.70");
        BenchReport.row(
                NAME,
                "p50 latency",
                through.percentileMillis(50),
                straight.percentileMillis(50),
                "ms",
                String.format(
                        java.util.Locale.ROOT,
                        "added %.2f ms; lower is better, aim ≤ 2 ms added",
                        through.percentileMillis(50) - straight.percentileMillis(50)));
        BenchReport.row(
                NAME,
                "p99 latency",
                through.percentileMillis(99),
                straight.percentileMillis(99),
                "ms",
                "lower is better");
        // On one shared machine the throughput ratio follows the CPU each side spends per call: these say why.
        BenchReport.row(
                NAME,
                "gateway CPU per call",
                gatewayThrough.microsPer(through.count()),
                keycloakStraight.microsPer(straight.count()),
                "µs",
                "vs Keycloak's CPU per call served straight; lower is better");
        BenchReport.row(
                NAME,
                "Keycloak CPU per call",
                keycloakThrough.microsPer(through.count()),
                keycloakStraight.microsPer(straight.count()),
                "µs",
                "through the gateway vs straight");
        BenchReport.value(NAME, "errors (non-200)", through.errors() + straight.errors(), "", "both runs together");
        heapAfterRun(stack.gateway().process().pid());
    }

    /** The gateway's heap as the JVM reports it right after the run, and its live set after a full GC. */
    private static void heapAfterRun(long pid) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        BenchReport.value(NAME, "gateway heap used after the run", heapUsedMb(jcmd, pid), "MB", "-Xmx256m");
        run(jcmd, String.valueOf(pid), "GC.run");
        BenchReport.value(NAME, "gateway heap used after a full GC", heapUsedMb(jcmd, pid), "MB", "live set");
    }

    private static double heapUsedMb(String jcmd, long pid) throws IOException, InterruptedException {
        String info = run(jcmd, String.valueOf(pid), "GC.heap_info");
        Matcher used = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        if (!used.find()) {
            throw new AssertionError("unexpected jcmd output: " + info);
        }
        return Long.parseLong(used.group(1)) / 1024.0;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor(30, TimeUnit.SECONDS);
        return output;
    }

    private static Result load(URI uri, String token, Duration duration) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        ExecutorService workers = Executors.newFixedThreadPool(CONCURRENCY);
        AtomicLong errors = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        List<Future<long[]>> latencies = new ArrayList<>();
        for (int i = 0; i < CONCURRENCY; i++) {
            latencies.add(workers.submit(() -> {
                long[] samples = new long[1 << 16];
                int count = 0;
                while (System.nanoTime() < deadline) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<Void> response = CLIENT.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    }
                    if (count == samples.length) {
                        samples = Arrays.copyOf(samples, samples.length * 2);
                    }
                    samples[count++] = System.nanoTime() - sent;
                }
                return Arrays.copyOf(samples, count);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> worker : latencies) {
            all.add(worker.get());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        workers.shutdown();
        long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(merged, seconds, errors.get());
    }

    private record Result(long[] sortedNanos, double seconds, long errors) {

        static Result merge(List<Result> slices) {
            long[] all = slices.stream()
                    .flatMapToLong(slice -> Arrays.stream(slice.sortedNanos()))
                    .sorted()
                    .toArray();
            return new Result(
                    all,
                    slices.stream().mapToDouble(Result::seconds).sum(),
                    slices.stream().mapToLong(Result::errors).sum());
        }

        double perSecond() {
            return sortedNanos.length / seconds;
        }

        long count() {
            return sortedNanos.length;
        }

        double percentileMillis(int percentile) {
            int index = (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1;
            return sortedNanos[Math.max(0, Math.min(index, sortedNanos.length - 1))] / 1e6;
        }
    }
}
