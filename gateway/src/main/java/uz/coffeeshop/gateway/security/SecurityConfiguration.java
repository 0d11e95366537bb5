package uz.coffeeshop.gateway.security;

import com.nimbusds.jose.jwk.source.JWKSecurityContextJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Spring Security's resource server on every call: one {@link SecurityWebFilterChain} with
 * {@code oauth2ResourceServer(jwt)}, the bearer token read by {@link BearerHeader}, checked by the project's decoder
 * (below), turned into a {@link Caller} by {@link Callers}, and judged against the API table by
 * {@link ApiRulesAuthorization}; {@link AccessProblems} is its entry point (401) and access-denied handler (403).
 * No sessions, no CSRF (no cookies are read), no login pages; the security headers are the front door's.
 *
 * <p>The decoder: keys from the realm's JWKS through {@link JwksCache} (Spring's remote key source fetches for every
 * unknown {@code kid}), asymmetric algorithms only, and {@link AccessTokenValidators}. Boot's auto-configured
 * decoder would check none of the payload {@code typ} or a missing {@code exp}. In front of it, unless its size is
 * 0, the {@link VerifiedTokenCache}, emptied whenever the key set changes.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Duration JWKS_FETCH_TIMEOUT = Duration.ofSeconds(5);

    @Bean
    SecurityWebFilterChain apiSecurity(
            ServerHttpSecurity http,
            ReactiveJwtDecoder decoder,
            TokenProperties properties,
            @Value("${coffee.realm}") String realm) {
        AccessProblems problems = new AccessProblems(realm);
        Callers callers = new Callers(new KeycloakAuthorities(properties.audience()), properties.cacheSize());
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .cors(ServerHttpSecurity.CorsSpec::disable)
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchanges -> exchanges.anyExchange().access(new ApiRulesAuthorization()))
                .exceptionHandling(
                        handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenConverter(new BearerHeader())
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        .jwt(jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(callers)))
                .build();
    }

    /**
     * Spring Security's strict firewall, its header checks where {@code coffee.security.firewall-header-checks}
     * puts them ({@link FirewallHeaderChecks}).
     */
    @Bean
    ServerWebExchangeFirewall firewall(
            @Value("${coffee.security.firewall-header-checks:at-the-door}") FirewallHeaderChecks headerChecks) {
        return headerChecks.firewall();
    }

    /**
     * No observation of Spring Security's filters, authentication or authorization when
     * {@code management.observations.enable.spring.security} is false (application.yml: nothing records traces).
     * That property alone only makes the observations no-ops: Spring Security still wraps each filter of the chain
     * in an observing decorator per call, unless these settings say it observes nothing.
     */
    @Bean
    @ConditionalOnProperty(name = "management.observations.enable.spring.security", havingValue = "false")
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * The project's decoder; {@code coffee.token.decoder=boot} (the benchmark's stock baseline,
     * application-stock-scg.yml) leaves the decoder to Boot's auto-configuration.
     */
    @Bean
    @ConditionalOnProperty(name = "coffee.token.decoder", havingValue = "project", matchIfMissing = true)
    ReactiveJwtDecoder accessTokenDecoder(TokenProperties properties) {
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
        ReactiveJwtDecoder checked = new RefusedAsBadToken(decoder);
        if (properties.cacheSize() <= 0) {
            return checked;
        }
        verified.set(new VerifiedTokenCache(
                checked,
                rules,
                properties.cacheSize(),
                properties.clockSkew(),
                properties.jwksMaxAge(),
                Clock.systemUTC()));
        return verified.get();
    }
}
