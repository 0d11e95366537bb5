package uz.coffeeshop.keycloak.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import uz.coffeeshop.keycloak.api.CoffeeResource;
import uz.coffeeshop.keycloak.api.console.ConsolePage;

/** The OpenAPI document says exactly what the JAX-RS resources serve: same paths, same methods, nothing more. */
class OpenApiDocumentTest {

    @Test
    void documentListsExactlyTheRoutesOfTheResources() throws Exception {
        assertThat(documentedRoutes()).isEqualTo(servedRoutes());
    }

    @Test
    void documentIsOpenApi31WithAProblemSchema() throws Exception {
        JsonNode document = new ObjectMapper().readTree(OpenApiDocument.load());

        assertThat(document.path("openapi").asText()).startsWith("3.1");
        assertThat(document.at("/components/schemas/Problem/properties").has("errors"))
                .isTrue();
        assertThat(document.at("/components/schemas/User/properties").fieldNames())
                .toIterable()
                .contains(
                        "id", "email", "firstName", "lastName", "emailVerified", "roles", "createdAt", "deletionDueAt");
    }

    @Test
    void servedRoutesAreFoundByReflection() {
        // Guards the test itself: a walk that found nothing would make the comparison above vacuous.
        assertThat(servedRoutes()).contains("POST /auth/signup", "PUT /users/{id}/role", "GET /users/me");
    }

    private static Set<String> documentedRoutes() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(OpenApiDocument.load()).path("paths");
        Set<String> routes = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (!method.equals("parameters") && !method.equals("summary") && !method.equals("description")) {
                    routes.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return routes;
    }

    /** Every resource method reachable from the root, through sub-resource locators. */
    static Set<String> servedRoutes() {
        Set<String> routes = new TreeSet<>();
        walk(CoffeeResource.class, "", routes);
        return routes;
    }

    private static void walk(Class<?> resource, String prefix, Set<String> routes) {
        for (Method method : resource.getMethods()) {
            Path path = method.getAnnotation(Path.class);
            String httpMethod = httpMethod(method);
            String full = join(prefix, path == null ? "" : path.value());
            if (httpMethod != null) {
                routes.add(httpMethod + " " + full);
            } else if (path != null && method.getReturnType() != ConsolePage.class) {
                // The admin page is HTML and its files, not the API: it has no place in the OpenAPI document.
                walk(method.getReturnType(), full, routes);
            }
        }
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String join(String prefix, String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? (prefix.isEmpty() ? "/" : prefix) : prefix + "/" + trimmed;
    }
}
