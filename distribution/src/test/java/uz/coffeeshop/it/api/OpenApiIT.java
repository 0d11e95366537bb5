package uz.coffeeshop.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import uz.coffeeshop.it.support.CoffeeStack;
import uz.coffeeshop.it.support.CoffeeStackTest;
import uz.coffeeshop.it.support.Http;

/** The OpenAPI document is served, open, by the extension. */
@CoffeeStackTest
class OpenApiIT {

    @Test
    void theOpenApiDocumentIsServedWithoutAToken(CoffeeStack stack) {
        Http.Response response = new CoffeeApi(stack).get("/openapi.json", null);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json().path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(response.json().path("paths").has("/auth/signup")).isTrue();
    }
}
