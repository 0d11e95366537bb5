package uz.coffeeshop.it.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.function.Supplier;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.Http;

/**
 * A cleanup run through the admin API, to its end: a dry run answers its report (200); a run that changes users
 * answers 202 with the {@code Location} of its report, which is asked until its {@code state} is {@code finished}.
 * The token is asked for each call, so that a caller whose runs outlast a token can renew it.
 */
public final class CleanupRuns {

    /** How often the report is asked for: often enough for tests, seldom enough not to load a benchmark. */
    private static final Duration EVERY = Duration.ofMillis(500);

    private CleanupRuns() {}

    /** {@code POST run?dryRun=...} on {@code cleanupUrl} ({@code .../coffee/admin/cleanup}). */
    public static Http.Response post(URI cleanupUrl, boolean dryRun, String token) {
        return Http.send(
                HttpRequest.newBuilder(URI.create(cleanupUrl + "/run?dryRun=" + dryRun))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody()),
                Duration.ofMinutes(5));
    }

    /** The report of the run: the preview's answer, or the started run's report once it has finished. */
    public static JsonNode toTheEnd(URI cleanupUrl, boolean dryRun, Supplier<String> token, Duration timeout) {
        Http.Response answer = post(cleanupUrl, dryRun, token.get());
        if (dryRun) {
            assertThat(answer.status()).as("%s", answer).isEqualTo(200);
            return answer.json();
        }
        return finished(answer, token, timeout);
    }

    /** The 202 of a started run, followed to its finished report. */
    public static JsonNode finished(Http.Response accepted, Supplier<String> token, Duration timeout) {
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
        URI report = URI.create(accepted.header("Location").orElseThrow());
        assertThat(report.getPath())
                .endsWith("/runs/" + accepted.json().path("id").asText());
        JsonNode finished = Await.until(
                () -> Http.get(report, token.get()).json(),
                body -> body.path("state").asText().equals("finished"),
                EVERY,
                timeout);
        assertThat(finished.path("id").asText())
                .isEqualTo(accepted.json().path("id").asText());
        return finished;
    }
}
