package uz.coffeeshop.gateway.ratelimit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The shared buckets in Redis, one hash per key ({@code t}: tokens, {@code ts}: when, by Redis's clock), changed
 * only by one script that refills, takes what a gateway reports and answers what is left. Lettuce with its own
 * event loop; commands are refused at once while the connection is down rather than queued, so a dead Redis costs
 * a failed future, never a wait.
 */
final class RedisBucketStore implements AutoCloseable {

    /**
     * KEYS[1] the bucket; ARGV: capacity, tokens per millisecond, tokens taken, key lifetime (ms). The answer is
     * text because Redis turns a Lua number into an integer. Tokens may go below zero: that is the debt N
     * gateways ran up between two syncs, paid back before anyone is let through again.
     */
    static final String SCRIPT = """
            local now = redis.call('TIME')
            local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
            local capacity = tonumber(ARGV[1])
            local state = redis.call('HMGET', KEYS[1], 't', 'ts')
            local tokens = tonumber(state[1])
            local at = tonumber(state[2])
            if tokens == nil or at == nil then
              tokens = capacity
              at = ms
            end
            tokens = math.min(capacity, tokens + math.max(0, ms - at) * tonumber(ARGV[2])) - tonumber(ARGV[3])
            redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(ms))
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return tostring(tokens)
            """;

    private final RedisClient client;
    private final RedisURI uri;
    private final String keyPrefix;
    private final AtomicBoolean connecting = new AtomicBoolean();
    private volatile StatefulRedisConnection<String, String> connection;

    RedisBucketStore(RateLimitProperties properties) {
        RateLimitProperties.Redis redis = properties.redis();
        RedisURI.Builder builder = RedisURI.builder()
                .withHost(redis.host())
                .withPort(redis.port())
                .withDatabase(redis.database())
                .withTimeout(redis.timeout());
        if (redis.password() != null && !redis.password().isEmpty()) {
            builder.withPassword(redis.password().toCharArray());
        }
        this.uri = builder.build();
        this.keyPrefix = properties.keyPrefix();
        this.client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(
                        SocketOptions.builder().connectTimeout(redis.timeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(redis.timeout()))
                .build());
    }

    String name() {
        return "redis://" + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    long timeoutMillis() {
        return uri.getTimeout().toMillis();
    }

    /** Connects in the background unless connected or connecting; Lettuce reconnects by itself after that. */
    CompletableFuture<?> connect() {
        if (connection != null || !connecting.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        return client.connectAsync(StringCodec.UTF8, uri)
                .whenComplete((connected, error) -> {
                    if (connected != null) {
                        connection = connected;
                    }
                    connecting.set(false);
                })
                .toCompletableFuture();
    }

    boolean connected() {
        StatefulRedisConnection<String, String> current = connection;
        return current != null && current.isOpen();
    }

    /** Reports {@code taken} tokens of the key's shared bucket and answers the tokens left there. */
    CompletableFuture<Double> report(Buckets buckets, String key, long taken) {
        StatefulRedisConnection<String, String> current = connection;
        if (current == null || !current.isOpen()) {
            return CompletableFuture.failedFuture(new IllegalStateException(name() + " is not connected"));
        }
        RateLimitProperties.Bucket limit = buckets.limit();
        return current.async()
                .<String>eval(
                        SCRIPT,
                        ScriptOutputType.VALUE,
                        new String[] {keyPrefix + "." + buckets.name() + ":" + key},
                        String.valueOf(limit.burst()),
                        String.valueOf(limit.perMinute() / 60_000.0),
                        String.valueOf(taken),
                        String.valueOf(Math.max(1000, limit.timeToFull().toMillis() * 2)))
                .toCompletableFuture()
                .thenApply(Double::parseDouble);
    }

    CompletableFuture<String> ping() {
        StatefulRedisConnection<String, String> current = connection;
        if (current == null || !current.isOpen()) {
            return CompletableFuture.failedFuture(new IllegalStateException(name() + " is not connected"));
        }
        return current.async().ping().toCompletableFuture();
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown();
    }
}
