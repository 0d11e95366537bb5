package uz.coffeeshop.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;

class RateLimitBucketTest {

    @Test
    void aRatePerMinuteIsWholeTokensPerSecondWithSixtyPerRequest() {
        RateLimitProperties.Bucket tenPerMinute = new RateLimitProperties.Bucket(10, 5);

        assertThat(tenPerMinute.tokensPerSecond()).isEqualTo(10);
        assertThat(tenPerMinute.capacityInTokens()).isEqualTo(5 * 60);
        assertThat(tenPerMinute.retryAfterSeconds()).isEqualTo(6);
        assertThat(new RateLimitProperties.Bucket(1200, 40).retryAfterSeconds()).isEqualTo(1);
        assertThat(new RateLimitProperties.Bucket(1, 1).retryAfterSeconds()).isEqualTo(60);
    }

    @Test
    void aBucketThatAllowsNothingIsRefusedAtStart() {
        assertThatThrownBy(() -> new RateLimitProperties.Bucket(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimitProperties.Bucket(5, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void minusOneTokensLeftIsTheLimitersWayOfSayingRedisDidNotAnswer() {
        assertThat(RateLimitFilter.unavailable(
                        new RateLimiter.Response(true, Map.of(RedisRateLimiter.REMAINING_HEADER, "-1"))))
                .isTrue();
        assertThat(RateLimitFilter.unavailable(
                        new RateLimiter.Response(true, Map.of(RedisRateLimiter.REMAINING_HEADER, "0"))))
                .isFalse();
        assertThat(RateLimitFilter.unavailable(
                        new RateLimiter.Response(false, Map.of(RedisRateLimiter.REMAINING_HEADER, "0"))))
                .isFalse();
    }
}
