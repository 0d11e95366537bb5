package uz.coffeeshop.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import reactor.core.publisher.Flux;
import uz.coffeeshop.gateway.door.Problem;

class AccessProblemsTest {

    private static final String ISSUER = "https://id.coffee.example/realms/coffee-shop";

    @Test
    void expiredTokenIsSaidToBeExpiredOthersOnlyInvalid() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k").generate();
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(jwt -> Flux.just(key.toPublicJWK()))
                .build();
        decoder.setJwtValidator(AccessTokenValidators.forApi(new TokenProperties(
                "unused",
                ISSUER,
                "coffee-api",
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofMinutes(10),
                0)));
        Instant now = Instant.now();

        assertThat(detailFor(decoder, sign(key, now.minusSeconds(600), now.minusSeconds(300), "coffee-api")))
                .contains("expired");
        assertThat(detailFor(decoder, sign(key, now, now.plusSeconds(300), "account")))
                .isEqualTo("The access token is not valid for this API.");
    }

    private static String detailFor(NimbusReactiveJwtDecoder decoder, String token) {
        Object failure = decoder.decode(token)
                .map(Object.class::cast)
                .onErrorResume(e -> reactor.core.publisher.Mono.just(e))
                .block();
        Problem problem = new AccessProblems("coffee-shop").invalidToken((Throwable) failure);
        assertThat(problem.status().value()).isEqualTo(401);
        assertThat(problem.headers().get("WWW-Authenticate"))
                .startsWith("Bearer realm=\"coffee-shop\", error=\"invalid_token\"");
        return Http.detail(new String(problem.body("req-1"), java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String sign(RSAKey key, Instant issued, Instant expires, String audience) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k").build(),
                new JWTClaimsSet.Builder()
                        .issuer(ISSUER)
                        .audience(List.of(audience))
                        .subject("u")
                        .issueTime(Date.from(issued))
                        .expirationTime(Date.from(expires))
                        .claim("typ", "Bearer")
                        .build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** The detail of a problem body, read without a JSON library. */
    private static final class Http {
        static String detail(String body) {
            int start = body.indexOf("\"detail\":\"") + 10;
            return body.substring(start, body.indexOf('"', start));
        }
    }
}
