package uz.coffeeshop.it.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import uz.coffeeshop.it.support.Http;

/**
 * A cleanup run through the admin API: a run answers its report (200) when it ends, with the {@code Location} of the
 * report ({@code runs/{id}}); a run that changes users is bounded by the server's {@code run-seconds}.
 */
public final class CleanupRuns {

    private CleanupRuns() {}

    /** {@code POST run?dryRun=...} on {@code cleanupUrl} ({@code .../coffee/admin/cleanup}). */
    public static Http.Response post(URI cleanupUrl, boolean dryRun, String token) {
        return Http.send(
                HttpRequest.newBuilder(URI.create(cleanupUrl + "/run?dryRun=" + dryRun))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody()),
                Duration.ofMinutes(5));
    }

    /** The same, answered on another thread: for a test that holds the run while it asks something else. */
    public static CompletableFuture<Http.Response> postAsync(URI cleanupUrl, boolean dryRun, String token) {
        return CompletableFuture.supplyAsync(() -> post(cleanupUrl, dryRun, token));
    }

    /** The report of a run, which must answer 200. */
    public static JsonNode ok(URI cleanupUrl, boolean dryRun, String token) {
        return report(post(cleanupUrl, dryRun, token));
    }

    /** The report of an answered run: 200, with the location of the report of the same run. */
    public static JsonNode report(Http.Response answer) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        assertThat(answer.header("Location").orElseThrow())
                .endsWith("/runs/" + answer.json().path("id").asText());
        return answer.json();
    }

    /** The answer of a run asked with {@link #postAsync}, once it came. */
    public static Http.Response answer(CompletableFuture<Http.Response> pending, Duration timeout) {
        try {
            return pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the run did not answer within " + timeout, e);
        }
    }
}
