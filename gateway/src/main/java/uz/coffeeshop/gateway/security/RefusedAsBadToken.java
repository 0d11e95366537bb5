package uz.coffeeshop.gateway.security;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Every token the decoder can't accept is a bad token (a 401 with {@code invalid_token}): Nimbus's decoder reports
 * some refusals (no key of an accepted algorithm, a signature it could not check) as a plain {@link JwtException},
 * which Spring's resource server treats as its own failure, a 500. Whatever a caller's token makes fail is the
 * caller's 401.
 */
final class RefusedAsBadToken implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder decoder;

    RefusedAsBadToken(ReactiveJwtDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public Mono<Jwt> decode(String token) {
        return Mono.defer(() -> decoder.decode(token))
                .onErrorMap(
                        error -> error instanceof JwtException && !(error instanceof BadJwtException),
                        error -> new BadJwtException(error.getMessage(), error));
    }
}
