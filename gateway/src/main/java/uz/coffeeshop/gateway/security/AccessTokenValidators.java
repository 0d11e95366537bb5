package uz.coffeeshop.gateway.security;

import java.util.List;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * What makes a signed token an access token for this API, all of it Spring Security's own validators: the
 * timestamps with {@code exp} required (the default lets a token without one pass), the issuer, the audience, and
 * Keycloak's payload {@code typ}: an ID token (typ {@code ID}, audience the client) or a refresh token (typ
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
                new JwtAudienceValidator(properties.audience()),
                new JwtClaimValidator<String>("typ", BEARER::equals)));
    }
}
