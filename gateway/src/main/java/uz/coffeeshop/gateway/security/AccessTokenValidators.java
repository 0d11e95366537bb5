package uz.coffeeshop.gateway.security;

import java.util.List;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * What makes a signed token an access token for this API. Spring Security's defaults check only the timestamps
 * (and let a token without {@code exp} pass), so the audience, Keycloak's payload {@code typ} and a required
 * {@code exp} are added here: an ID token (typ {@code ID}, audience the client) or a refresh token (typ
 * {@code Refresh}) signed by the same realm is not an access token.
 */
final class AccessTokenValidators {

    static final String BEARER = "Bearer";

    private AccessTokenValidators() {}

    static OAuth2TokenValidator<Jwt> forApi(TokenProperties properties) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
        timestamps.setAllowEmptyExpiryClaim(false);
        return new DelegatingOAuth2TokenValidator<>(List.of(
                timestamps,
                new JwtIssuerValidator(properties.issuer()),
                audience(properties.audience()),
                AccessTokenValidators::bearerType));
    }

    static OAuth2TokenValidator<Jwt> audience(String audience) {
        return jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
                ? OAuth2TokenValidatorResult.success()
                : failure("The token is not meant for " + audience + ".");
    }

    static OAuth2TokenValidatorResult bearerType(Jwt jwt) {
        return BEARER.equals(jwt.getClaimAsString("typ"))
                ? OAuth2TokenValidatorResult.success()
                : failure("The token is not an access token.");
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
