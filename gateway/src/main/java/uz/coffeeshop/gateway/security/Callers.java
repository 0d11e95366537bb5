package uz.coffeeshop.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Mono;

/**
 * The resource server's authentication converter: the {@link Caller} of a verified token, built once per token
 * rather than on every call: a hit of the {@link VerifiedTokenCache} hands back the same {@link Jwt} instance, so
 * the authorities need not be read out of its claims again. Keys are held weakly and compared by identity
 * (Caffeine's {@code weakKeys}), so an entry goes with its token's cache entry and a token decoded afresh never
 * meets another's caller.
 */
final class Callers implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

    private final KeycloakAuthorities authorities;
    private final Cache<Jwt, Caller> built;

    /** {@code size} 0: nothing kept (no token cache either, so no {@link Jwt} is seen twice). */
    Callers(KeycloakAuthorities authorities, int size) {
        this.authorities = authorities;
        this.built = size <= 0
                ? null
                : Caffeine.newBuilder().weakKeys().maximumSize(size).build();
    }

    Caller of(Jwt jwt) {
        return built == null ? authorities.caller(jwt) : built.get(jwt, authorities::caller);
    }

    @Override
    public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
        return Mono.just(new CallerAuthentication(jwt, of(jwt)));
    }
}
