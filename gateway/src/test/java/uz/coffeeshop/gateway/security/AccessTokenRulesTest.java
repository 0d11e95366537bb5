package uz.coffeeshop.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import uz.coffeeshop.gateway.door.ApiRules;

class AccessTokenRulesTest {

    private static final String ISSUER = "https://id.coffee.example/realms/coffee-shop";

    @Nested
    class Validators {

        private final OAuth2TokenValidator<Jwt> validator = AccessTokenValidators.forApi(new TokenProperties(
                "unused",
                ISSUER,
                "coffee-api",
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofMinutes(10),
                0));

        @Test
        void accessTokenForTheApiIsValid() {
            assertThat(validator.validate(jwt(claims -> {})).hasErrors()).isFalse();
        }

        @Test
        void wrongIssuerAudienceOrTypeIsInvalid() {
            assertThat(validator
                            .validate(jwt(c -> c.claim("iss", "https://evil.example/realms/coffee-shop")))
                            .hasErrors())
                    .isTrue();
            assertThat(validator
                            .validate(jwt(c -> c.claim("aud", List.of("account"))))
                            .hasErrors())
                    .isTrue();
            assertThat(validator.validate(jwt(c -> c.claim("typ", "ID"))).hasErrors())
                    .isTrue();
            assertThat(validator.validate(jwt(c -> c.claim("typ", "Refresh"))).hasErrors())
                    .isTrue();
            assertThat(validator
                            .validate(jwt(c -> c.claims(all -> all.remove("typ"))))
                            .hasErrors())
                    .isTrue();
        }

        @Test
        void expiryIsRequiredAndChecked() {
            assertThat(validator
                            .validate(jwt(c -> c.claims(all -> all.remove("exp"))))
                            .hasErrors())
                    .isTrue();
            assertThat(validator
                            .validate(jwt(c -> c.issuedAt(Instant.now().minusSeconds(600))
                                    .expiresAt(Instant.now().minusSeconds(30))))
                            .hasErrors())
                    .isTrue();
            assertThat(validator
                            .validate(jwt(c -> c.issuedAt(Instant.now().minusSeconds(600))
                                    .expiresAt(Instant.now().minusSeconds(5))))
                            .hasErrors())
                    .as("within the clock skew")
                    .isFalse();
        }

        @Test
        void notBeforeInTheFutureIsInvalid() {
            assertThat(validator
                            .validate(jwt(c -> c.notBefore(Instant.now().plusSeconds(60))))
                            .hasErrors())
                    .isTrue();
        }
    }

    @Nested
    class Authorities {

        @Test
        void realmRolesAndApiPermissionsBecomeAuthorities() {
            Caller caller = authenticate(jwt(c -> c.claim(
                            "resource_access",
                            Map.of(
                                    "coffee-api", Map.of("roles", List.of("users:read", "cleanup:run")),
                                    "account", Map.of("roles", List.of("manage-account"))))
                    .claim("realm_access", Map.of("roles", List.of("user", "admin")))));

            assertThat(caller.authorities())
                    .containsExactlyInAnyOrder("ROLE_user", "ROLE_admin", "users:read", "cleanup:run");
            assertThat(caller.subject()).isEqualTo("a-user");
            assertThat(caller.emailVerified()).isTrue();
        }

        @Test
        void tokenWithoutRolesHasNoAuthorities() {
            assertThat(authenticate(jwt(c -> c.claims(all -> all.remove("realm_access"))))
                            .authorities())
                    .isEmpty();
        }
    }

    @Nested
    class Policy {

        private final ApiRules.Rule me = rule(HttpMethod.GET, "/api/users/me");
        private final ApiRules.Rule listUsers = rule(HttpMethod.GET, "/api/users");

        @Test
        void verifiedUserMayUseMe() {
            assertThat(AccessPolicy.judge(me, authenticate(jwt(c -> {}))).outcome())
                    .isEqualTo(AccessPolicy.Outcome.GRANTED);
        }

        @Test
        void unverifiedUserIsForbiddenMeWithAClearReason() {
            AccessPolicy.Verdict verdict =
                    AccessPolicy.judge(me, authenticate(jwt(c -> c.claim("email_verified", false))));

            assertThat(verdict.outcome()).isEqualTo(AccessPolicy.Outcome.FORBIDDEN);
            assertThat(verdict.detail()).contains("not verified");
        }

        @Test
        void tokenWithoutTheUserRoleIsForbiddenMe() {
            assertThat(AccessPolicy.judge(
                                    me, authenticate(jwt(c -> c.claim("realm_access", Map.of("roles", List.of())))))
                            .outcome())
                    .isEqualTo(AccessPolicy.Outcome.FORBIDDEN);
        }

        @Test
        void permissionDecidesAdminRoutes() {
            Caller user = authenticate(jwt(c -> {}));
            Caller reader = authenticate(jwt(c ->
                    c.claim("resource_access", Map.of("coffee-api", Map.of("roles", List.of("users:read"))))));

            AccessPolicy.Verdict denied = AccessPolicy.judge(listUsers, user);
            assertThat(denied.outcome()).isEqualTo(AccessPolicy.Outcome.FORBIDDEN);
            assertThat(denied.detail()).contains("users:read");
            assertThat(AccessPolicy.judge(listUsers, reader).outcome()).isEqualTo(AccessPolicy.Outcome.GRANTED);
        }

        @Test
        void noTokenIsUnauthenticatedAndOpenRoutesNeedNone() {
            assertThat(AccessPolicy.judge(me, null).outcome()).isEqualTo(AccessPolicy.Outcome.UNAUTHENTICATED);
            assertThat(AccessPolicy.judge(rule(HttpMethod.POST, "/api/auth/signup"), null)
                            .outcome())
                    .isEqualTo(AccessPolicy.Outcome.GRANTED);
        }

        private ApiRules.Rule rule(HttpMethod method, String path) {
            return ((ApiRules.Allowed) ApiRules.decide(method, path)).rule();
        }
    }

    static Caller authenticate(Jwt jwt) {
        return new KeycloakAuthorities("coffee-api").caller(jwt);
    }

    static Jwt jwt(Consumer<Jwt.Builder> change) {
        Instant now = Instant.now();
        Jwt.Builder builder = Jwt.withTokenValue("token")
                .header("alg", "RS256")
                .issuer(ISSUER)
                .audience(Set.of("coffee-api"))
                .subject("a-user")
                .issuedAt(now)
                .expiresAt(now.plusSeconds(300))
                .claim("typ", "Bearer")
                .claim("email_verified", true)
                .claim("realm_access", Map.of("roles", List.of("user")));
        change.accept(builder);
        return builder.build();
    }
}
