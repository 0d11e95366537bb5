package uz.coffeeshop.it.crash;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import uz.coffeeshop.it.support.ApiContract;
import uz.coffeeshop.it.support.Await;
import uz.coffeeshop.it.support.Http;

/**
 * A few clients signing up through the gateway without pause, while the test kills parts behind it. Records what
 * each sign-up was answered: 201 (acknowledged: the account must exist), or a failure (5xx, no connection, a
 * timeout: the account may or may not exist, but never half of it).
 */
final class SignupLoad implements AutoCloseable {

    static final String PASSWORD = "a long enough password";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    /** A failed client waits this long before its next try, so that a dead part is not hammered in a tight loop. */
    private static final Duration AFTER_FAILURE = Duration.ofMillis(500);

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI signup;
    private final String prefix;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> otherAnswers = new ConcurrentHashMap<>();
    private final List<Thread> clients = new ArrayList<>();

    private SignupLoad(URI signup, String prefix) {
        this.signup = signup;
        this.prefix = prefix;
    }

    /** Starts {@code clients} clients signing up {@code prefix-<n>@example.com} at {@code gateway}'s sign-up API. */
    static SignupLoad start(URI gateway, String prefix, int clients) {
        SignupLoad load = new SignupLoad(gateway.resolve("/api/auth/signup"), prefix);
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(load::signUpUntilStopped, prefix + "-client-" + i);
            thread.setDaemon(true);
            load.clients.add(thread);
            thread.start();
        }
        return load;
    }

    private void signUpUntilStopped() {
        while (running.get()) {
            String email = prefix + "-" + next.getAndIncrement() + "@example.com";
            int status = signUp(email);
            if (status == 201) {
                continue;
            }
            try {
                Thread.sleep(AFTER_FAILURE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private int signUp(String email) {
        HttpRequest request = HttpRequest.newBuilder(signup)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(Http.jsonBody(Map.of("email", email, "password", PASSWORD)))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            try {
                ApiContract.shop().check(request, response);
            } catch (AssertionError broken) {
                // On a client thread an error would end the thread unseen; as an answer it fails the test's check.
                otherAnswers.merge(email + " " + broken.getMessage(), 1, Integer::sum);
            }
            if (response.statusCode() == 201) {
                acknowledged.put(
                        email, Http.JSON.readTree(response.body()).path("id").asText());
            } else if (response.statusCode() >= 500) {
                failed.add(email);
            } else {
                otherAnswers.merge(email + " " + response.statusCode(), 1, Integer::sum);
            }
            return response.statusCode();
        } catch (IOException e) {
            failed.add(email); // no answer: the sign-up may have happened or not
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed.add(email);
            return -1;
        }
    }

    /** Waits until {@code more} sign-ups beyond those acknowledged so far have been answered 201. */
    void awaitMoreAcknowledged(int more, Duration timeout) {
        int target = acknowledged.size() + more;
        Await.until(
                target + " sign-ups answered 201 (" + acknowledged.size() + " so far, " + failed.size() + " failed)",
                timeout,
                () -> acknowledged.size() >= target);
    }

    /** Stops the clients and waits for their last requests to be answered. */
    @Override
    public void close() {
        running.set(false);
        for (Thread thread : clients) {
            try {
                thread.join(REQUEST_TIMEOUT.plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** E-mail → user id of every sign-up answered 201. */
    Map<String, String> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    /** E-mails whose sign-up was answered 5xx or not at all. */
    Set<String> failed() {
        return Set.copyOf(failed);
    }

    /**
     * Answers other than 201 and 5xx (none are expected), as "e-mail status", and answers that break the OpenAPI
     * document, as "e-mail message".
     */
    Set<String> otherAnswers() {
        return Set.copyOf(otherAnswers.keySet());
    }

    String prefix() {
        return prefix;
    }
}
