package uz.coffeeshop.gateway.security;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One stateless chain: a bearer token, when sent, must be a valid access token of the realm for this API (checked
 * locally, no call to Keycloak per request); the API table's rule decides the rest. No sessions, no CSRF (no
 * cookies are read), no login pages; security headers and CORS are set by the door's own filters, in front of
 * this chain, so that the door's own refusals carry them too.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain apiSecurity(
            ServerHttpSecurity http,
            ReactiveJwtDecoder accessTokenDecoder,
            TokenProperties properties,
            @Value("${coffee.realm}") String realm) {
        ProblemAuthenticationEntryPoint unauthenticated = new ProblemAuthenticationEntryPoint(realm);
        ProblemAccessDeniedHandler forbidden = new ProblemAccessDeniedHandler(realm);
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .cors(ServerHttpSecurity.CorsSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchanges -> exchanges.anyExchange().access(new RuleAuthorizationManager()))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtDecoder(accessTokenDecoder)
                                .jwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(
                                        new KeycloakAuthorities(properties.audience()))))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(handling ->
                        handling.authenticationEntryPoint(unauthenticated).accessDeniedHandler(forbidden))
                .build();
    }

    /**
     * The project's own decoder: keys from the realm's JWKS through {@link JwksCache}, asymmetric algorithms only,
     * and {@link AccessTokenValidators}. Spring Boot's auto-configured decoder would check none of audience,
     * payload {@code typ} or a missing {@code exp}, and would fetch the JWKS for every unknown {@code kid}.
     */
    @Bean
    ReactiveJwtDecoder accessTokenDecoder(TokenProperties properties) {
        WebClient client = WebClient.create();
        JwksCache keys = new JwksCache(
                () -> client.get()
                        .uri(properties.jwksUri())
                        .retrieve()
                        .bodyToMono(String.class)
                        .timeout(Duration.ofSeconds(5)),
                properties.jwksRefreshCooldown(),
                properties.jwksMaxAge(),
                Clock.systemUTC());
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(keys)
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .jwtProcessorCustomizer(processor ->
                        processor.setJWSKeySelector(new com.nimbusds.jose.proc.JWSVerificationKeySelector<>(
                                JwksCache.ACCEPTED, new com.nimbusds.jose.jwk.source.JWKSecurityContextJWKSet())))
                .build();
        decoder.setJwtValidator(AccessTokenValidators.forApi(properties));
        return decoder;
    }
}
