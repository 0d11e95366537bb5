package uz.coffeeshop.keycloak.api.signup;

import java.time.Duration;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * An answer that must not tell by its time which path it took waits until a fixed time after the request began, one
 * longer than the slow path, so both paths answer at the floor. The wait runs after the request's transaction has
 * committed ({@code enlistAfterCompletion}: Keycloak commits in a response filter, before the answer is written), so
 * that the commit, which writes more rows on one path than on the other, is inside the floor too. A sleep, not a busy
 * wait: the cores stay free.
 */
final class ResponseFloor {

    private final long deadlineNanos;

    private ResponseFloor(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    static ResponseFloor startingNow(Duration floor) {
        return new ResponseFloor(System.nanoTime() + floor.toNanos());
    }

    /** The answer of this request leaves no sooner than the floor, counted after its commit (or rollback). */
    void holdAnswer(KeycloakSession session) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                await();
            }

            @Override
            protected void rollbackImpl() {
                await();
            }
        });
    }

    private void await() {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining > 0) {
            try {
                Thread.sleep(remaining / 1_000_000, (int) (remaining % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
