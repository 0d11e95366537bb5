package uz.coffeeshop.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import reactor.core.publisher.Flux;

/** The cache against a real signature check; the clock is moved instead of waiting. */
class VerifiedTokenCacheTest {

    private static final Duration SKEW = Duration.ofSeconds(10);
    private static RSAKey key;

    private final MovableClock clock = new MovableClock(Instant.now());
    private final AtomicInteger signatureChecks = new AtomicInteger();
    private VerifiedTokenCache cache;

    @BeforeAll
    static void generateKey() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k").generate();
    }

    @BeforeEach
    void setUp() {
        JwtTimestampValidator rules = new JwtTimestampValidator(SKEW);
        rules.setAllowEmptyExpiryClaim(false);
        rules.setClock(clock);
        NimbusReactiveJwtDecoder verifier = NimbusReactiveJwtDecoder.withJwkSource(jwt -> {
                    signatureChecks.incrementAndGet();
                    return Flux.just(key.toPublicJWK());
                })
                .build();
        verifier.setJwtValidator(rules);
        cache = new VerifiedTokenCache(verifier, rules, 100, SKEW, Duration.ofMinutes(10), clock);
    }

    @Test
    void aTokenIsCheckedOnceThenServedFromTheCache() throws Exception {
        String token = sign(key, clock.instant().plusSeconds(300));

        Jwt first = cache.decode(token).block();
        Jwt second = cache.decode(token).block();

        assertThat(second.getSubject()).isEqualTo("u").isEqualTo(first.getSubject());
        assertThat(signatureChecks).hasValue(1);
    }

    @Test
    void aCachedTokenIsRefusedOnceExpiredAsOnItsFirstUse() throws Exception {
        String token = sign(key, clock.instant().plusSeconds(300));
        cache.decode(token).block();

        clock.advance(Duration.ofSeconds(300).plus(SKEW).plusSeconds(1));

        assertThatThrownBy(() -> cache.decode(token).block())
                .isInstanceOf(JwtValidationException.class)
                .satisfies(e -> assertThat(((JwtValidationException) e).getErrors())
                        .anyMatch(error -> error.getDescription().startsWith("Jwt expired")));
    }

    @Test
    void aForgedTokenIsNeverKept() throws Exception {
        RSAKey someoneElses = new RSAKeyGenerator(2048).keyID("k").generate();
        String forged = sign(someoneElses, clock.instant().plusSeconds(300));

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> cache.decode(forged).block()).isInstanceOf(RuntimeException.class);
        }
        assertThat(signatureChecks).as("checked every time").hasValue(2);
    }

    @Test
    void forgettingMakesTheNextUseCheckTheSignatureAgain() throws Exception {
        String token = sign(key, clock.instant().plusSeconds(300));
        cache.decode(token).block();

        cache.forgetAll();
        cache.decode(token).block();

        assertThat(signatureChecks).hasValue(2);
    }

    private static String sign(RSAKey signingKey, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k").build(),
                new JWTClaimsSet.Builder()
                        .subject("u")
                        .expirationTime(Date.from(expires))
                        .build());
        jwt.sign(new RSASSASigner(signingKey));
        return jwt.serialize();
    }
}
