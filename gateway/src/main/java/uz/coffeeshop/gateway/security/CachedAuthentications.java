package uz.coffeeshop.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Mono;

/**
 * The {@code Authentication} of a verified token, built once per token rather than on every call: a hit of the
 * {@link VerifiedTokenCache} hands back the same {@link Jwt} instance, so the authorities need not be read out of
 * its claims again. Keys are held weakly and compared by identity (Caffeine's {@code weakKeys}), so an entry goes
 * with its token's cache entry and a token decoded afresh never meets another's authentication.
 */
final class CachedAuthentications implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

    private final Converter<Jwt, AbstractAuthenticationToken> converter;
    private final Cache<Jwt, AbstractAuthenticationToken> built;

    CachedAuthentications(Converter<Jwt, AbstractAuthenticationToken> converter, int size) {
        this.converter = converter;
        this.built = Caffeine.newBuilder().weakKeys().maximumSize(size).build();
    }

    @Override
    public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
        return Mono.just(built.get(jwt, converter::convert));
    }
}
