package uz.coffeeshop.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class JwksCacheTest {

    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicInteger keySetChanges = new AtomicInteger();
    private final AtomicReference<JWKSet> published = new AtomicReference<>();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private RSAKey current;
    private JwksCache cache;

    @BeforeEach
    void setUp() throws Exception {
        current = rsa("key-1");
        published.set(new JWKSet(current.toPublicJWK()));
        cache = new JwksCache(
                () -> Mono.fromSupplier(() -> {
                    fetches.incrementAndGet();
                    return published.get().toString();
                }),
                Duration.ofSeconds(10),
                Duration.ofMinutes(10),
                clock,
                keySetChanges::incrementAndGet);
    }

    @Test
    void knownKidIsServedFromTheCache() {
        assertThat(keysFor(JWSAlgorithm.RS256, "key-1")).hasSize(1);
        assertThat(keysFor(JWSAlgorithm.RS256, "key-1")).hasSize(1);

        assertThat(fetches).hasValue(1);
    }

    @Test
    void unknownKidsFetchAtMostOncePerCooldown() {
        keysFor(JWSAlgorithm.RS256, "key-1");

        for (int i = 0; i < 100; i++) {
            assertThat(keysFor(JWSAlgorithm.RS256, "forged-" + i)).isEmpty();
        }
        assertThat(fetches).as("the first fetch started the cooldown").hasValue(1);

        clock.advance(Duration.ofSeconds(11));
        for (int i = 0; i < 100; i++) {
            keysFor(JWSAlgorithm.RS256, "forged-again-" + i);
        }
        assertThat(fetches).hasValue(2);
    }

    @Test
    void rotatedInKeyIsFoundAfterTheCooldown() throws Exception {
        keysFor(JWSAlgorithm.RS256, "key-1");
        RSAKey next = rsa("key-2");
        published.set(new JWKSet(List.of(current.toPublicJWK(), next.toPublicJWK())));

        clock.advance(Duration.ofSeconds(11));

        assertThat(keysFor(JWSAlgorithm.RS256, "key-2")).hasSize(1);
    }

    @Test
    void retiredKeyStopsVerifyingAfterTheMaximumAge() throws Exception {
        keysFor(JWSAlgorithm.RS256, "key-1");
        published.set(new JWKSet(rsa("key-2").toPublicJWK()));

        clock.advance(Duration.ofMinutes(11));

        assertThat(keysFor(JWSAlgorithm.RS256, "key-1")).isEmpty();
    }

    @Test
    void onlyADifferentKeySetIsAnnounced() throws Exception {
        keysFor(JWSAlgorithm.RS256, "key-1");
        assertThat(keySetChanges).as("the first set replaces the empty one").hasValue(1);

        clock.advance(Duration.ofMinutes(11));
        keysFor(JWSAlgorithm.RS256, "key-1");
        assertThat(fetches).hasValue(2);
        assertThat(keySetChanges).as("the same keys fetched again").hasValue(1);

        published.set(new JWKSet(rsa("key-2").toPublicJWK()));
        clock.advance(Duration.ofMinutes(11));
        keysFor(JWSAlgorithm.RS256, "key-2");
        assertThat(keySetChanges).hasValue(2);
    }

    @Test
    void symmetricAndUnknownAlgorithmsNeverCauseAFetch() {
        assertThat(keysFor(JWSAlgorithm.HS256, "key-1")).isEmpty();
        assertThat(keysFor(JWSAlgorithm.HS512, "key-1")).isEmpty();

        assertThat(fetches).hasValue(0);
    }

    @Test
    void keycloakDownKeepsTheKeysWeHave() {
        keysFor(JWSAlgorithm.RS256, "key-1");
        JwksCache failing = new JwksCache(
                () -> Mono.error(new IllegalStateException("connection refused")),
                Duration.ofSeconds(10),
                Duration.ofMinutes(10),
                clock,
                keySetChanges::incrementAndGet);

        assertThat(failing.apply(token(JWSAlgorithm.RS256, "key-1"))
                        .collectList()
                        .block())
                .isEmpty();
    }

    private List<?> keysFor(JWSAlgorithm algorithm, String kid) {
        return cache.apply(token(algorithm, kid)).collectList().block();
    }

    private static SignedJWT token(JWSAlgorithm algorithm, String kid) {
        return new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).build(), new JWTClaimsSet.Builder().build());
    }

    private static RSAKey rsa(String kid) throws Exception {
        return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
    }
}
