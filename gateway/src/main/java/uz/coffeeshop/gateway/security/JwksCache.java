package uz.coffeeshop.gateway.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The realm's signing keys, fetched from its JWKS and kept. Spring Security's remote JWK source fetches the set
 * again for every token whose {@code kid} it does not know, so a stream of forged tokens with random {@code kid}s
 * becomes a stream of requests to Keycloak; here a fetch happens at most once per cooldown, shared by all
 * concurrent callers, and only for an algorithm we accept at all. Rotation still works: a new key appears on the
 * first token that uses it once the cooldown has passed, and the set is refreshed after its maximum age so that
 * removed keys stop verifying. Whoever kept something checked with the old keys ({@link VerifiedTokenCache}) is
 * told when a fetch brings a different set.
 */
final class JwksCache implements Function<SignedJWT, Flux<JWK>> {

    /** Asymmetric algorithms only: HS* would let the public key act as a shared secret, none needs no key. */
    static final Set<JWSAlgorithm> ACCEPTED = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);

    private static final Logger LOG = LoggerFactory.getLogger(JwksCache.class);

    private final Supplier<Mono<String>> fetch;
    private final Duration cooldown;
    private final Duration maxAge;
    private final Clock clock;
    private final Runnable onKeysChanged;

    private volatile JWKSet keys = new JWKSet();
    private volatile Instant fetchedAt = Instant.MIN;
    private Instant lastAttempt = Instant.MIN;
    private Mono<JWKSet> inFlight;

    JwksCache(Supplier<Mono<String>> fetch, Duration cooldown, Duration maxAge, Clock clock, Runnable onKeysChanged) {
        this.fetch = fetch;
        this.cooldown = cooldown;
        this.maxAge = maxAge;
        this.clock = clock;
        this.onKeysChanged = onKeysChanged;
    }

    @Override
    public Flux<JWK> apply(SignedJWT jwt) {
        if (!ACCEPTED.contains(jwt.getHeader().getAlgorithm())) {
            return Flux.empty();
        }
        JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
        List<JWK> known = selector.select(keys);
        Instant now = clock.instant();
        boolean fresh = fetchedAt.plus(maxAge).isAfter(now);
        if (!known.isEmpty() && fresh) {
            return Flux.fromIterable(known);
        }
        Mono<JWKSet> refresh = refreshUnlessCoolingDown(now);
        if (refresh == null) {
            return Flux.fromIterable(known);
        }
        return refresh.map(selector::select)
                .onErrorResume(e -> {
                    LOG.warn("Could not fetch the realm's signing keys: {}", e.toString());
                    return Mono.just(known);
                })
                .flatMapMany(Flux::fromIterable);
    }

    /** The fetch to wait for: the one under way, a new one, or {@code null} while cooling down. */
    private synchronized Mono<JWKSet> refreshUnlessCoolingDown(Instant now) {
        if (inFlight != null) {
            return inFlight;
        }
        if (now.isBefore(lastAttempt.plus(cooldown))) {
            return null;
        }
        lastAttempt = now;
        Mono<JWKSet> fetching = fetch.get()
                .map(JwksCache::parse)
                .doOnNext(set -> {
                    boolean changed = !set.getKeys().equals(keys.getKeys());
                    keys = set;
                    fetchedAt = clock.instant();
                    LOG.info("Fetched the realm's signing keys: {} key(s), kids {}", set.size(), kids(set));
                    if (changed) {
                        onKeysChanged.run();
                    }
                })
                .doFinally(signal -> clearInFlight())
                .cache();
        inFlight = fetching;
        return fetching;
    }

    private synchronized void clearInFlight() {
        inFlight = null;
    }

    private static JWKSet parse(String json) {
        try {
            return JWKSet.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("the JWKS is not valid JSON Web Key Set: " + e.getMessage(), e);
        }
    }

    private static List<String> kids(JWKSet set) {
        return set.getKeys().stream().map(JWK::getKeyID).toList();
    }
}
