package uz.coffeeshop.gateway.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How access tokens are checked ({@code coffee.token.*} in application.yml, env names in the README).
 *
 * @param jwksUri the realm's JWKS, as the gateway reaches Keycloak ({@code KEYCLOAK_URL})
 * @param issuer the {@code iss} every token must carry: Keycloak's public URL of the realm, which differs from
 *     {@code KEYCLOAK_URL} when the gateway reaches Keycloak by an inside name (containers)
 * @param audience the {@code aud} every token must contain
 * @param clockSkew tolerance on {@code exp} and {@code nbf} between Keycloak's clock and ours
 * @param jwksRefreshCooldown least time between two fetches of the JWKS, so tokens with unknown {@code kid}s can't
 *     make us hammer Keycloak; a rotated-in key is picked up at most this late
 * @param jwksMaxAge after this the key set is fetched again on the next token, so retired keys stop working
 * @param cacheSize how many verified tokens to keep so that their next calls skip the signature check (0: none);
 *     see {@link VerifiedTokenCache}
 */
@ConfigurationProperties("coffee.token")
public record TokenProperties(
        String jwksUri,
        String issuer,
        String audience,
        Duration clockSkew,
        Duration jwksRefreshCooldown,
        Duration jwksMaxAge,
        int cacheSize) {}
