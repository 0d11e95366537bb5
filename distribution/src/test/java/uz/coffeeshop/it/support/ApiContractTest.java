package uz.coffeeshop.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The contract's own logic, against the real document: what it lets pass and what it fails. */
class ApiContractTest {

    private static final String USER = """
            {"id":"4f1c","email":"ann@example.com","firstName":"Ann","lastName":null,"emailVerified":true,\
            "roles":["user"],"createdAt":"2026-12-07T12:00:00+05:00"}""";
    private static final String NOT_FOUND = """
            {"type":"urn:coffee-shop:problem:not-found","title":"Not Found","status":404,\
            "detail":"No such path.","requestId":"abc","source":"gateway"}""";

    private final ApiContract contract = new ApiContract(ApiContract.shopDocument());

    @Test
    void documentedAnswerThroughTheGatewayPasses() {
        assertThat(violations("GET", "http://127.0.0.1:8080/api/users/me", 200, "application/json", USER))
                .isEmpty();
    }

    @Test
    void documentedAnswerOfTheExtensionPasses() {
        assertThat(violations(
                        "GET",
                        "http://127.0.0.1:8180/realms/coffee-shop/coffee/users/me",
                        200,
                        "application/json",
                        USER))
                .isEmpty();
    }

    @Test
    void answerOfAPathWithAParameterIsHeldAgainstItsTemplate() {
        String url = "http://127.0.0.1:8180/realms/coffee-shop/coffee/users/4f1c";

        assertThat(violations("GET", url, 200, "application/json", USER)).isEmpty();
        assertThat(violations("GET", url, 200, "application/json", USER.replace("\"id\":\"4f1c\"", "\"id\":7")))
                .hasValueSatisfying(message -> assertThat(message).contains("GET /users/{id} 200"));
    }

    @Test
    void fieldTheSchemaLacksFailsNamingIt() {
        String extra = USER.replace("\"roles\"", "\"nickname\":\"annie\",\"roles\"");

        assertThat(violations("GET", "http://127.0.0.1:8080/api/users/me", 200, "application/json", extra))
                .hasValueSatisfying(message -> assertThat(message)
                        .contains("GET /api/users/me answered 200")
                        .contains("GET /users/me 200")
                        .contains("nickname"));
    }

    @Test
    void fieldOfTheWrongTypeFails() {
        String mistyped = USER.replace("\"emailVerified\":true", "\"emailVerified\":\"yes\"");

        assertThat(violations("GET", "http://127.0.0.1:8080/api/users/me", 200, "application/json", mistyped))
                .hasValueSatisfying(message -> assertThat(message).contains("emailVerified"));
    }

    @Test
    void missingRequiredFieldFails() {
        String missing =
                USER.replace("\"createdAt\":\"2026-12-07T12:00:00+05:00\"", "\"pendingEmail\":\"b@example.com\"");

        assertThat(violations("GET", "http://127.0.0.1:8080/api/users/me", 200, "application/json", missing))
                .hasValueSatisfying(message -> assertThat(message).contains("createdAt"));
    }

    @Test
    void statusTheDocumentLacksFails() {
        assertThat(violations("GET", "http://127.0.0.1:8080/api/users/me", 418, "application/json", USER))
                .hasValueSatisfying(message -> assertThat(message).contains("418"));
    }

    @Test
    void contentTypeTheDocumentLacksFails() {
        assertThat(violations("GET", "http://127.0.0.1:8080/api/users/me", 200, "text/html", "<p>Ann</p>"))
                .hasValueSatisfying(message -> assertThat(message).contains("text/html"));
    }

    @Test
    void refusalOfTheGatewayPassesOnlyThroughTheGateway() {
        String unreachable =
                NOT_FOUND.replace("not-found", "upstream-unreachable").replace("404", "502");

        assertThat(violations(
                        "GET", "http://127.0.0.1:8080/api/users/me", 502, "application/problem+json", unreachable))
                .isEmpty();
        assertThat(violations(
                        "GET",
                        "http://127.0.0.1:8180/realms/coffee-shop/coffee/users/me",
                        502,
                        "application/problem+json",
                        unreachable))
                .hasValueSatisfying(message -> assertThat(message).contains("lists no 502"));
    }

    @Test
    void corsPreflightOfAListedPathPassesThroughTheGateway() {
        assertThat(violations("OPTIONS", "http://127.0.0.1:8080/api/users/me", 200, "text/plain", ""))
                .isEmpty();
        assertThat(violations("OPTIONS", "http://127.0.0.1:8080/api/users/me", 200, "application/json", "{}"))
                .hasValueSatisfying(message -> assertThat(message).contains("no body"));
    }

    @Test
    void plainTextOfAStartingKeycloakPassesThroughTheGateway() {
        assertThat(violations(
                        "POST",
                        "http://127.0.0.1:8080/api/auth/signup",
                        503,
                        "text/plain;charset=UTF-8",
                        "Bootstrap in progress. Retry in 1 seconds."))
                .isEmpty();
    }

    @Test
    void problemOfAnUnlistedPathPasses() {
        assertThat(violations(
                        "GET", "http://127.0.0.1:8080/api/no-such-thing", 404, "application/problem+json", NOT_FOUND))
                .isEmpty();
    }

    @Test
    void unlistedPathAnsweredWithSomethingElseFails() {
        assertThat(violations("GET", "http://127.0.0.1:8080/api/no-such-thing", 200, "application/json", "{}"))
                .hasValueSatisfying(message ->
                        assertThat(message).contains("x-unlisted-requests").contains("no 200"));
    }

    @Test
    void answersOutsideTheApiAreNotChecked() {
        assertThat(violations(
                        "POST",
                        "http://127.0.0.1:8180/realms/coffee-shop/protocol/openid-connect/token",
                        200,
                        "application/json",
                        "{\"access_token\":\"x\"}"))
                .isEmpty();
        assertThat(violations(
                        "GET", "http://127.0.0.1:8180/realms/coffee-shop/coffee/console", 200, "text/html", "<p>"))
                .isEmpty();
    }

    @Test
    void checkThrowsAnAssertionErrorWithTheMessage() {
        assertThatThrownBy(() -> contract.check(
                        "GET",
                        URI.create("http://127.0.0.1:8080/api/users/me"),
                        418,
                        Map.of("Content-Type", List.of("application/json")),
                        USER))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("breaks the OpenAPI document");
    }

    @Test
    void gatewayAndExtensionPathsAreTheDocumentsPaths() {
        assertThat(ApiContract.documentPath("/api/users/me")).contains("/users/me");
        assertThat(ApiContract.documentPath("/realms/cleanup-1/coffee/admin/cleanup/run"))
                .contains("/admin/cleanup/run");
        assertThat(ApiContract.documentPath("/realms/coffee-shop/coffee/console/app.js"))
                .isEmpty();
        assertThat(ApiContract.documentPath("/admin/realms/coffee-shop/users")).isEmpty();
        assertThat(ApiContract.documentPath("/actuator/health")).isEmpty();
    }

    private Optional<String> violations(String method, String uri, int status, String contentType, String body) {
        return contract.violations(method, URI.create(uri), status, Map.of("Content-Type", List.of(contentType)), body);
    }
}
