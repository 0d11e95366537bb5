package uz.coffeeshop.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Access tokens whose signature was checked already, so that the many calls a client makes with one token pay for
 * parsing and the RSA check once (as Envoy's {@code jwt_authn} cache does). Profiling showed those, with
 * Nimbus's constant-time Base64, to be most of the gateway's CPU per call.
 *
 * <p>Only tokens that passed the full check enter, so forged tokens can't fill it; the key is the whole token
 * (compared by equality, not a hash); an entry lives until the token's {@code exp} plus the clock skew and at
 * most {@code maxAge}. A hit is validated again with the same rules (the time-dependent ones are why), so an
 * expired token is refused exactly as on the first call. When the realm's key set changes every entry goes
 * ({@link #forgetAll()}), so a token signed by a removed key stops working when the gateway learns of the
 * removal, as without the cache.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> rules;
    private final Cache<String, Jwt> verified;

    /**
     * @param verifier the full check: signature against the realm's keys, then {@code rules}
     * @param rules what a token must satisfy at every use (the verifier's validator)
     * @param size how many tokens to keep; the least used go first
     * @param clockSkew the tolerance on {@code exp} that {@code rules} apply
     * @param maxAge the longest any token stays, whatever its {@code exp}
     */
    VerifiedTokenCache(
            ReactiveJwtDecoder verifier,
            OAuth2TokenValidator<Jwt> rules,
            int size,
            Duration clockSkew,
            Duration maxAge,
            Clock clock) {
        this.verifier = verifier;
        this.rules = rules;
        this.verified = Caffeine.newBuilder()
                .maximumSize(size)
                .expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> lifetime(jwt, clockSkew, maxAge, clock)))
                .build();
    }

    @Override
    public Mono<Jwt> decode(String token) throws JwtException {
        Jwt known;
        try {
            known = verifiedNow(token);
        } catch (JwtValidationException expired) {
            return Mono.error(expired);
        }
        return known != null ? Mono.just(known) : verifier.decode(token).doOnNext(jwt -> verified.put(token, jwt));
    }

    /**
     * The token's {@link Jwt} at once when it was verified already and still passes the rules, {@code null} when it
     * is not known (then {@link #decode} verifies it); the door's synchronous path, without a {@link Mono}.
     *
     * @throws JwtValidationException when it is known but no longer passes (it expired)
     */
    Jwt verifiedNow(String token) {
        Jwt known = verified.getIfPresent(token);
        if (known == null) {
            return null;
        }
        OAuth2TokenValidatorResult result = rules.validate(known);
        if (result.hasErrors()) {
            verified.invalidate(token);
            throw new JwtValidationException(message(result.getErrors()), result.getErrors());
        }
        return known;
    }

    /** Drops every token, for when the keys that signed them may have changed. */
    void forgetAll() {
        verified.invalidateAll();
    }

    private static Duration lifetime(Jwt jwt, Duration clockSkew, Duration maxAge, Clock clock) {
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), expiresAt.plus(clockSkew));
        return left.isNegative() ? Duration.ZERO : left.compareTo(maxAge) > 0 ? maxAge : left;
    }

    /** The message Spring's own decoder gives a refused token, so logs read the same whichever path refused it. */
    private static String message(Collection<OAuth2Error> errors) {
        return errors.stream()
                .map(OAuth2Error::getDescription)
                .filter(description -> description != null && !description.isEmpty())
                .findFirst()
                .map(description -> "An error occurred while attempting to decode the Jwt: " + description)
                .orElse("Unable to validate Jwt");
    }
}
