package uz.coffeeshop.it.containers;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import uz.coffeeshop.it.support.Http;

/**
 * Sign-ups sent without pause by a few clients through the given doors (round robin), until stopped: the load in
 * which a container is killed. Remembers every acknowledged sign-up (201) with the door that answered it, and
 * counts the refused ones (any other answer, or no answer). Each sign-up comes from a client address of its own, so
 * the per-IP limits never refuse it.
 */
final class SignUpBurst implements AutoCloseable {

    private final ComposeShop shop;
    private final List<URI> doors;
    private final ExecutorService clients;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final Map<String, URI> acknowledged = new ConcurrentHashMap<>();

    private SignUpBurst(ComposeShop shop, List<URI> doors, int clientCount) {
        this.shop = shop;
        this.doors = doors;
        this.clients = Executors.newFixedThreadPool(clientCount);
        for (int i = 0; i < clientCount; i++) {
            clients.submit(this::signUpUntilStopped);
        }
    }

    static SignUpBurst start(ComposeShop shop, List<URI> doors, int clientCount) {
        return new SignUpBurst(shop, doors, clientCount);
    }

    private void signUpUntilStopped() {
        while (running.get()) {
            int n = sent.getAndIncrement();
            URI door = doors.get(n % doors.size());
            String email = "burst-" + n + "-" + ComposeShop.uniqueEmail("kill");
            try {
                Http.Response response = shop.signUp(door, email, "10.99." + (n / 250 % 250) + "." + (n % 250 + 1));
                if (response.status() == 201) {
                    acknowledged.put(email, door);
                } else {
                    refused.incrementAndGet();
                }
            } catch (RuntimeException e) {
                refused.incrementAndGet();
            }
        }
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** A copy of the acknowledged sign-ups so far: address → the door that acknowledged it. */
    Map<String, URI> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    /** How many sign-ups {@code door} acknowledged so far. */
    long acknowledgedBy(URI door) {
        return acknowledged.values().stream().filter(door::equals).count();
    }

    int refusedCount() {
        return refused.get();
    }

    /** Stops sending and waits for the sign-ups under way to be answered. */
    @Override
    public void close() {
        running.set(false);
        clients.shutdown();
        try {
            if (!clients.awaitTermination(2, TimeUnit.MINUTES)) {
                clients.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
