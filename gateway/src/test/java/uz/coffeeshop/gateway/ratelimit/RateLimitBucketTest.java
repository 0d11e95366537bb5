package uz.coffeeshop.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitBucketTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void retryAfterIsTheTimeForOneTokenRoundedUp() {
        assertThat(new RateLimitProperties.Bucket(10, 5).retryAfterSeconds()).isEqualTo(6);
        assertThat(new RateLimitProperties.Bucket(1200, 40).retryAfterSeconds()).isEqualTo(1);
        assertThat(new RateLimitProperties.Bucket(1, 1).retryAfterSeconds()).isEqualTo(60);
    }

    @Test
    void aBucketThatAllowsNothingIsRefusedAtStart() {
        assertThatThrownBy(() -> new RateLimitProperties.Bucket(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimitProperties.Bucket(5, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFullBucketGivesItsBurstThenOneTokenPerIntervalOfTheRate() {
        RateLimitProperties.Bucket tenPerMinute = new RateLimitProperties.Bucket(10, 3);
        TokenBucket bucket = new TokenBucket(tenPerMinute, tenPerMinute.burst(), 0);

        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isFalse();
        assertThat(bucket.tryTake(5 * SECOND)).isFalse();
        assertThat(bucket.tryTake(6 * SECOND + 1000)).isTrue();
        assertThat(bucket.tryTake(6 * SECOND + 1000)).isFalse();
    }

    @Test
    void aBucketNeverHoldsMoreThanItsBurstHoweverLongItWaits() {
        RateLimitProperties.Bucket limit = new RateLimitProperties.Bucket(60, 2);
        TokenBucket bucket = new TokenBucket(limit, 2, 0);

        int taken = 0;
        while (bucket.tryTake(3600 * SECOND)) {
            taken++;
        }

        assertThat(taken).isEqualTo(2);
    }

    @Test
    void theSharedAnswerLessWhatWasTakenSinceTheReportIsWhatIsLeft() {
        RateLimitProperties.Bucket limit = new RateLimitProperties.Bucket(1, 10);
        TokenBucket bucket = new TokenBucket(limit, 10, 0);
        bucket.tryTake(0);
        bucket.tryTake(0);
        long reported = bucket.takeUnsynced();
        bucket.tryTake(0); // taken while the report was on its way

        bucket.adopt(3, 0); // Redis: 3 left after our 2 and another gateway's 5

        assertThat(reported).isEqualTo(2);
        assertThat(bucket.hasUnsynced()).isTrue();
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isFalse();
    }

    @Test
    void aReportThatFailedIsReportedAgainWithTheNextOnes() {
        TokenBucket bucket = new TokenBucket(new RateLimitProperties.Bucket(1, 10), 10, 0);
        bucket.tryTake(0);
        long lost = bucket.takeUnsynced();
        bucket.returnUnsynced(lost);
        bucket.tryTake(0);

        assertThat(bucket.takeUnsynced()).isEqualTo(2);
    }

    @Test
    void aSharedBucketInDebtRefusesUntilItIsPaidBack() {
        RateLimitProperties.Bucket sixtyPerMinute = new RateLimitProperties.Bucket(60, 5);
        TokenBucket bucket = new TokenBucket(sixtyPerMinute, 5, 0);

        bucket.adopt(-2, 0); // two gateways overspent by 2 between syncs

        assertThat(bucket.tryTake(2 * SECOND)).isFalse();
        assertThat(bucket.tryTake(3 * SECOND)).isTrue();
    }
}
