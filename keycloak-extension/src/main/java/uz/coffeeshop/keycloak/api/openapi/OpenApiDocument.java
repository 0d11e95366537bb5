package uz.coffeeshop.keycloak.api.openapi;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI 3.1 description of the public API, {@code openapi.json} next to this class. Its paths are relative to
 * the server {@code /api} (the gateway), which serves the same operations as {@code /realms/{realm}/coffee}.
 *
 * <p>Written by hand, not generated: the resources are JAX-RS inside Keycloak, where no annotation scanner runs, and
 * generating it at build time would make the document follow the code, whatever the code does; here it is the
 * contract the code is held to. {@code OpenApiDocumentTest} keeps its paths and methods equal to the resources', and
 * the integration tests hold every answer they get from the API against it, status, content type and body, a field
 * it lacks included ({@code distribution/.../it/support/ApiContract}).
 */
public final class OpenApiDocument {

    public static final String RESOURCE = "openapi.json";

    private static final byte[] DOCUMENT = load();

    private OpenApiDocument() {}

    public static Response response() {
        return Response.ok(new String(DOCUMENT, StandardCharsets.UTF_8), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    static byte[] load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the extension jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
