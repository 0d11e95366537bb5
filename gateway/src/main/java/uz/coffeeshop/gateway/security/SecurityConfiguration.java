package uz.coffeeshop.gateway.security;

import com.nimbusds.jose.jwk.source.JWKSecurityContextJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

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
                        .bearerTokenConverter(new BearerHeader())
                        .jwt(jwt -> jwt.jwtDecoder(accessTokenDecoder)
                                .jwtAuthenticationConverter(authentications(properties)))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(handling ->
                        handling.authenticationEntryPoint(unauthenticated).accessDeniedHandler(forbidden))
                .build();
    }

    private static Converter<Jwt, Mono<AbstractAuthenticationToken>> authentications(TokenProperties properties) {
        KeycloakAuthorities authorities = new KeycloakAuthorities(properties.audience());
        return properties.cacheSize() <= 0
                ? new ReactiveJwtAuthenticationConverterAdapter(authorities)
                : new CachedAuthentications(authorities, properties.cacheSize());
    }

    /**
     * No observations of the security filter chain at all. Turning the {@code spring.security} observations off
     * in management.observations still has Spring Security wrap every filter and create, then drop, an
     * observation per filter and request; this says "none" where the chain is built.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * The project's own decoder: keys from the realm's JWKS through {@link JwksCache}, asymmetric algorithms only,
     * and {@link AccessTokenValidators}. Spring Boot's auto-configured decoder would check none of audience,
     * payload {@code typ} or a missing {@code exp}, and would fetch the JWKS for every unknown {@code kid}. In
     * front of it, unless its size is 0, the {@link VerifiedTokenCache}, emptied whenever the key set changes.
     */
    @Bean
    ReactiveJwtDecoder accessTokenDecoder(TokenProperties properties) {
        OAuth2TokenValidator<Jwt> rules = AccessTokenValidators.forApi(properties);
        AtomicReference<VerifiedTokenCache> verified = new AtomicReference<>();
        WebClient client = WebClient.create();
        JwksCache keys = new JwksCache(
                () -> client.get()
                        .uri(properties.jwksUri())
                        .retrieve()
                        .bodyToMono(String.class)
                        .timeout(Duration.ofSeconds(5)),
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
        if (properties.cacheSize() <= 0) {
            return decoder;
        }
        verified.set(new VerifiedTokenCache(
                decoder,
                rules,
                properties.cacheSize(),
                properties.clockSkew(),
                properties.jwksMaxAge(),
                Clock.systemUTC()));
        return verified.get();
    }

    /**
     * Spring Security's strict firewall, with the same rules for header names and values, only faster for the
     * usual case: its check is a Unicode regex run character by character over every header, and on a 1.3 kB
     * bearer token that was a third of the gateway's CPU per call. {@link PrintableAsciiFirst} answers for
     * printable ASCII and hands anything else to Spring's own predicate.
     */
    @Bean
    ServerWebExchangeFirewall firewall() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowedHeaderNames(new PrintableAsciiFirst(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES));
        firewall.setAllowedHeaderValues(new PrintableAsciiFirst(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES));
        return firewall;
    }
}
