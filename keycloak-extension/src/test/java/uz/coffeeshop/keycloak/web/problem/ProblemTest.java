package uz.coffeeshop.keycloak.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void serialisesAsRfc9457WithoutEmptyMembers() {
        Problem problem = Problem.of("conflict", Response.Status.CONFLICT, "That e-mail is taken.");

        JsonNode json = JSON.valueToTree(problem);

        assertThat(json.path("type").asText()).isEqualTo("urn:coffee-shop:problem:conflict");
        assertThat(json.path("title").asText()).isEqualTo("Conflict");
        assertThat(json.path("status").asInt()).isEqualTo(409);
        assertThat(json.path("detail").asText()).isEqualTo("That e-mail is taken.");
        assertThat(json.has("errors")).isFalse();
    }

    @Test
    void validationProblemNamesEveryField() {
        Problem problem = Problem.validation(List.of(
                new Problem.FieldError("email", "must be an e-mail address"),
                new Problem.FieldError("password", "must have at least 12 characters")));

        JsonNode json = JSON.valueToTree(problem);

        assertThat(json.path("status").asInt()).isEqualTo(400);
        assertThat(json.path("detail").asText()).isEqualTo("The request has 2 invalid fields.");
        assertThat(json.path("errors").findValuesAsText("field")).containsExactly("email", "password");
    }
}
