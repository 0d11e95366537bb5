package uz.coffeeshop.gateway.ratelimit;

import java.util.List;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.redis.core.script.DefaultRedisScript;

/**
 * Hands the rate limiter its Lua script as text read once, instead of as a classpath resource.
 *
 * <p>Spring Cloud Gateway's {@code redisRequestRateLimiterScript} bean reads the script from a resource, and
 * Spring Data Redis's {@code DefaultRedisScript.getSha1()} asks that resource whether it changed on every call,
 * under a lock. Inside the executable jar that is a nested-jar lookup per request, and the event-loop threads
 * queue on the lock: JFR showed them parked ~14 ms at a time in {@code getSha1}. A script from a string
 * computes its SHA once; the script itself is the same.
 */
final class StaticRateLimiterScript implements BeanPostProcessor {

    static final String BEAN_NAME = "redisRequestRateLimiterScript";

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (BEAN_NAME.equals(beanName) && bean instanceof DefaultRedisScript<?> script) {
            return new DefaultRedisScript(script.getScriptAsString(), List.class);
        }
        return bean;
    }
}
