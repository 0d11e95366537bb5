package uz.coffeeshop.gateway.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uz.coffeeshop.gateway.door.PublicDoor;

/**
 * The two limits and where their buckets live: this gateway's memory when no Redis is configured (the embedded
 * default, needing nothing else), shared through Redis local-first when {@code REDIS_HOST} is set.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitConfiguration.class);

    /** Only with a Redis configured; closed (sync stopped, connection closed) with the context. */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnExpression("!'${coffee.rate-limit.redis.host:}'.isBlank()")
    SharedBuckets sharedBuckets(RateLimitProperties properties, MeterRegistry meters) {
        return new SharedBuckets(new RedisBucketStore(properties), properties, meters);
    }

    @Bean
    RateLimiter rateLimiter(RateLimitProperties properties, ObjectProvider<SharedBuckets> sharedBuckets) {
        SharedBuckets shared = sharedBuckets.getIfAvailable();
        Buckets perClientIp = new Buckets(
                "per-client-ip", properties.perClientIp(), properties.maxKeys(), properties.syncInterval(), shared);
        Buckets perUser =
                new Buckets("per-user", properties.perUser(), properties.maxKeys(), properties.syncInterval(), shared);
        if (shared != null) {
            shared.add(perClientIp);
            shared.add(perUser);
            LOG.info(
                    "Rate limits: shared through {} (local-first, synced every {} ms); per instance while it is away",
                    shared.storeName(),
                    properties.syncInterval().toMillis());
        } else {
            LOG.info("Rate limits: in memory, this gateway only (no REDIS_HOST configured)");
        }
        return new RateLimiter(perClientIp, perUser);
    }

    @Bean
    RateLimitFilter rateLimitFilter(RateLimiter limits, PublicDoor door) {
        return new RateLimitFilter(limits, door.maxBodyBytes());
    }

    /** {@code /actuator/info}: {@code rateLimits.mode} and, when shared, the store. */
    @Bean
    InfoContributor rateLimitInfo(ObjectProvider<SharedBuckets> sharedBuckets) {
        return info -> {
            SharedBuckets shared = sharedBuckets.getIfAvailable();
            info.withDetail(
                    "rateLimits",
                    shared == null
                            ? Map.of("mode", RateLimitMode.IN_MEMORY.label())
                            : Map.of("mode", shared.mode().label(), "store", shared.storeName()));
        };
    }
}
