package uz.coffeeshop.gateway.door;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/health", "/api/users/me", "/api/openapi.json", "/api/users/3f1c-9a/role"})
    void canonicalPathsPass(String path) {
        assertThat(CanonicalPath.isCanonical(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "api/health",
                "/api/../admin",
                "/api/./health",
                "/api/..",
                "/api/%2e%2e/admin",
                "/api/%2E%2E/admin",
                "/api/users%2fme",
                "/api/users%2Fme",
                "/api/users%5cme",
                "/api//health",
                "//api/health",
                "/api/health/",
                "/api/users;x=1/me",
                "/api/users/me;",
                "/api\\..\\admin",
                "/api/h%65alth",
                "/api/users/me?x",
                "/api/users/me#x",
                "/api/üser"
            })
    void everythingAServerCouldReadDifferentlyIsRefused(String path) {
        assertThat(CanonicalPath.isCanonical(path)).isFalse();
    }
}
