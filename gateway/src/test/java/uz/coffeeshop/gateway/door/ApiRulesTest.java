package uz.coffeeshop.gateway.door;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class ApiRulesTest {

    @Test
    void signUpAndResendAreOpenAndLimitedPerClientIp() {
        for (String path : new String[] {"/api/auth/signup", "/api/auth/verification-email"}) {
            ApiRules.Rule rule = allowed(HttpMethod.POST, path);
            assertThat(rule.access()).isEqualTo(ApiRules.Access.OPEN);
            assertThat(rule.limit()).isEqualTo(ApiRules.Limit.PER_CLIENT_IP);
        }
    }

    @Test
    void healthAndOpenApiAreOpen() {
        assertThat(allowed(HttpMethod.GET, "/api/health").access()).isEqualTo(ApiRules.Access.OPEN);
        assertThat(allowed(HttpMethod.GET, "/api/openapi.json").access()).isEqualTo(ApiRules.Access.OPEN);
    }

    @Test
    void meNeedsAVerifiedUserForEachOfItsMethodsAndIsNotTakenForAnId() {
        for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.PATCH, HttpMethod.DELETE}) {
            ApiRules.Rule rule = allowed(method, "/api/users/me");
            assertThat(rule.access()).isEqualTo(ApiRules.Access.VERIFIED_USER);
            assertThat(rule.limit()).isEqualTo(ApiRules.Limit.PER_USER);
        }
    }

    @Test
    void adminRoutesNeedTheirPermission() {
        assertThat(allowed(HttpMethod.GET, "/api/users").permission()).isEqualTo("users:read");
        assertThat(allowed(HttpMethod.GET, "/api/users/42").permission()).isEqualTo("users:read");
        assertThat(allowed(HttpMethod.PATCH, "/api/users/42").permission()).isEqualTo("users:write");
        assertThat(allowed(HttpMethod.DELETE, "/api/users/42").permission()).isEqualTo("users:delete");
        assertThat(allowed(HttpMethod.PUT, "/api/users/42/role").permission()).isEqualTo("roles:assign");
        assertThat(allowed(HttpMethod.GET, "/api/admin/cleanup").permission()).isEqualTo("cleanup:run");
        assertThat(allowed(HttpMethod.POST, "/api/admin/cleanup/run").permission())
                .isEqualTo("cleanup:run");
        assertThat(allowed(HttpMethod.GET, "/api/admin/mail").permission()).isEqualTo("mail:read");
        assertThat(allowed(HttpMethod.GET, "/api/admin/mail/messages").permission())
                .isEqualTo("mail:read");
        assertThat(allowed(HttpMethod.PUT, "/api/admin/cleanup/settings").permission())
                .isEqualTo("cleanup:run");
        assertThat(allowed(HttpMethod.GET, "/api/admin/cleanup/runs/7f3c").permission())
                .isEqualTo("cleanup:run");
        assertThat(allowed(HttpMethod.POST, "/api/admin/mail/42/retry").permission())
                .isEqualTo("mail:retry");
        // Only the retry is a POST below the mail: anything else there is read-only.
        assertThat(ApiRules.decide(HttpMethod.POST, "/api/admin/mail/42"))
                .isInstanceOf(ApiRules.MethodNotAllowed.class);
    }

    @Test
    void knownPathWithAnotherMethodIsNotAllowedAndSaysWhatIs() {
        ApiRules.Decision decision = ApiRules.decide(HttpMethod.PUT, "/api/users/me");

        assertThat(decision).isInstanceOf(ApiRules.MethodNotAllowed.class);
        assertThat(((ApiRules.MethodNotAllowed) decision).allowed())
                .containsExactlyInAnyOrder(HttpMethod.GET, HttpMethod.PATCH, HttpMethod.DELETE);
    }

    @Test
    void anythingElseIsNotFound() {
        for (String path : new String[] {
            "/", "/api", "/api/users/42/role/extra", "/api/admin", "/realms/coffee-shop", "/admin/realms", "/api/auth"
        }) {
            assertThat(ApiRules.decide(HttpMethod.GET, path)).as(path).isInstanceOf(ApiRules.NotFound.class);
        }
    }

    @Test
    void everyProtectedRuleSaysWhatItNeeds() {
        assertThat(ApiRules.rules())
                .filteredOn(rule -> rule.access() == ApiRules.Access.PERMISSION)
                .allSatisfy(rule -> assertThat(rule.permission()).isNotBlank())
                .allSatisfy(rule -> assertThat(rule.limit()).isEqualTo(ApiRules.Limit.PER_USER));
    }

    private static ApiRules.Rule allowed(HttpMethod method, String path) {
        ApiRules.Decision decision = ApiRules.decide(method, path);
        assertThat(decision).as(method + " " + path).isInstanceOf(ApiRules.Allowed.class);
        return ((ApiRules.Allowed) decision).rule();
    }
}
