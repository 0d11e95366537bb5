package uz.coffeeshop.gateway.security;

import com.nimbusds.jose.jwk.source.JWKSecurityContextJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The token step of the door ({@link TokenCheck}) and the project's own decoder: keys from the realm's JWKS through
 * {@link JwksCache}, asymmetric algorithms only, and {@link AccessTokenValidators}. Spring Boot's auto-configured
 * decoder would check none of audience, payload {@code typ} or a missing {@code exp}, and would fetch the JWKS for
 * every unknown {@code kid}. In front of it, unless its size is 0, the {@link VerifiedTokenCache}, emptied whenever
 * the key set changes. Spring Security is a library here: no filter chain, no sessions, no CSRF (no cookies are
 * read), no login pages.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Duration JWKS_FETCH_TIMEOUT = Duration.ofSeconds(5);

    @Bean
    TokenCheck tokenCheck(TokenProperties properties, @Value("${coffee.realm}") String realm) {
        OAuth2TokenValidator<Jwt> rules = AccessTokenValidators.forApi(properties);
        AtomicReference<VerifiedTokenCache> verified = new AtomicReference<>();
        HttpClient client = HttpClient.create().responseTimeout(JWKS_FETCH_TIMEOUT);
        JwksCache keys = new JwksCache(
                () -> client.get()
                        .uri(properties.jwksUri())
                        .responseSingle((response, body) -> response.status().code() == 200
                                ? body.asString()
                                : Mono.error(new IllegalStateException(
                                        "the JWKS answered " + response.status().code())))
                        .timeout(JWKS_FETCH_TIMEOUT),
                properties.jwksRefreshCooldown(),
                properties.jwksMaxAge(),
                Clock.systemUTC(),
                () -> {
                    VerifiedTokenCache cache = verified.get();
                    if (cache != null) {
                        cache.forgetAll();
                    }
                });
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(keys)
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .jwtProcessorCustomizer(processor -> processor.setJWSKeySelector(
                        new JWSVerificationKeySelector<>(JwksCache.ACCEPTED, new JWKSecurityContextJWKSet())))
                .build();
        decoder.setJwtValidator(rules);
        if (properties.cacheSize() > 0) {
            verified.set(new VerifiedTokenCache(
                    decoder,
                    rules,
                    properties.cacheSize(),
                    properties.clockSkew(),
                    properties.jwksMaxAge(),
                    Clock.systemUTC()));
        }
        Callers callers = new Callers(new KeycloakAuthorities(properties.audience()), properties.cacheSize());
        return new TokenCheck(
                verified.get() != null ? verified.get() : decoder, verified.get(), callers, new AccessProblems(realm));
    }
}
