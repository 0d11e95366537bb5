package uz.coffeeshop.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAPI document as the contract reads it: which response a path, method and status find, and whether a body
 * matches that response's schema (networknt's validator in the OpenAPI 3.1 dialect).
 *
 * <p>Objects are closed here: every object schema that lists {@code properties} and says nothing about
 * {@code additionalProperties} gets {@code additionalProperties: false} before validation, so a field the document
 * lacks fails. The served document stays open, as a client should read it (ignore what it does not know); the tests
 * hold the server to naming every field it writes.
 */
final class ApiDocument {

    /** The document's own address for the validator, so its {@code #/components/...} references resolve. */
    private static final String IRI = "https://coffee-shop.invalid/openapi.json";

    private static final String UNLISTED = "x-unlisted-requests";
    private static final String GATEWAY_REFUSALS = "x-gateway-refusals";
    private static final String CORS_PREFLIGHT = "x-cors-preflight";

    private final JsonNode document;
    private final SchemaRegistry schemas;

    ApiDocument(String text) {
        try {
            this.document = Http.JSON.readTree(text);
            JsonNode closed = document.deepCopy();
            close(closed);
            String strict = Http.JSON.writeValueAsString(closed);
            // Formats stay annotations, as JSON Schema 2020-12 has them: the validator's e-mail format checks the
            // domain against the list of top-level domains, and the tests' addresses are at the reserved .test.
            this.schemas = SchemaRegistry.withDialect(
                    Dialects.getOpenApi31(), registry -> registry.schemas(Map.of(IRI, strict)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the document describes one answer: the operation (or the unlisted requests) and the status. */
    record Answer(String operation, String pointer, JsonNode response) {}

    /** The operation's name as the document writes it ({@code GET /users/{id}}), or the unlisted requests. */
    String operation(String method, String path) {
        return template(path)
                .filter(template -> document.path("paths").path(template).has(method.toLowerCase(Locale.ROOT)))
                .map(template -> method.toUpperCase(Locale.ROOT) + " " + template)
                .orElse(UNLISTED + " (" + method.toUpperCase(Locale.ROOT) + " " + path + ")");
    }

    /**
     * The response the document gives for this status: the operation's own (or the unlisted requests'), then, for a
     * call through the gateway, {@code x-gateway-refusals}, which any request there may get (and before both, for a
     * CORS preflight of a listed path there, {@code x-cors-preflight}). Without one, an answer with no pointer.
     */
    Answer answer(String method, String path, int status, boolean throughGateway) {
        String operation = operation(method, path);
        for (String responses : responses(method, path, throughGateway)) {
            String pointer = responses + "/" + status;
            JsonNode response = document.at(pointer);
            if (response.isMissingNode()) {
                continue;
            }
            String ref = response.path("$ref").asText("");
            if (ref.startsWith("#/")) {
                pointer = ref.substring(1);
                response = document.at(pointer);
            }
            return new Answer(operation, pointer, response);
        }
        return new Answer(operation, null, null);
    }

    /** The statuses the document gives where {@code answer} found none. */
    List<String> statuses(String method, String path, boolean throughGateway) {
        List<String> statuses = new ArrayList<>();
        for (String responses : responses(method, path, throughGateway)) {
            document.at(responses).fieldNames().forEachRemaining(statuses::add);
        }
        return statuses;
    }

    /** Pointers to the responses objects that may describe an answer, in the order they are looked up. */
    private List<String> responses(String method, String path, boolean throughGateway) {
        String verb = method.toLowerCase(Locale.ROOT);
        String own = template(path)
                .filter(template -> document.path("paths").path(template).has(verb))
                .map(template -> "/paths/" + escape(template) + "/" + verb + "/responses")
                .orElse("/" + UNLISTED + "/responses");
        if (!throughGateway) {
            return List.of(own);
        }
        if (verb.equals("options") && template(path).isPresent()) {
            return List.of("/" + CORS_PREFLIGHT + "/responses", own, "/" + GATEWAY_REFUSALS + "/responses");
        }
        return List.of(own, "/" + GATEWAY_REFUSALS + "/responses");
    }

    /** Every way {@code body} breaks the schema of the answer's content {@code mediaType}. */
    List<String> bodyErrors(Answer answer, String mediaType, String body) {
        String pointer = answer.pointer() + "/content/" + escape(mediaType) + "/schema";
        // A URI fragment: the braces of a path template percent-encoded, as the validator reads it back.
        Schema schema = schemas.getSchema(
                SchemaLocation.of(IRI + "#" + pointer.replace("{", "%7B").replace("}", "%7D")));
        List<String> errors = new ArrayList<>();
        // A body that is not JSON (the text/plain of a starting Keycloak) is held against its schema as a string.
        String json =
                mediaType.endsWith("json") ? body : Http.JSON.valueToTree(body).toString();
        for (Error error : schema.validate(json, InputFormat.JSON)) {
            String at = error.getInstanceLocation().toString();
            errors.add("body " + (at.isEmpty() ? "/" : at) + " " + abbreviate(error.getInstanceNode()) + ": "
                    + error.getMessage());
        }
        return errors;
    }

    /** The document's path that {@code path} is, literal segments before parameters ({@code /users/me}). */
    Optional<String> template(String path) {
        String[] segments = path.split("/", -1);
        String best = null;
        int bestLiterals = -1;
        for (Iterator<String> it = document.path("paths").fieldNames(); it.hasNext(); ) {
            String template = it.next();
            String[] parts = template.split("/", -1);
            if (parts.length != segments.length) {
                continue;
            }
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < parts.length && matches; i++) {
                if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
                    matches = !segments[i].isEmpty();
                } else {
                    matches = parts[i].equals(segments[i]);
                    literals++;
                }
            }
            if (matches && literals > bestLiterals) {
                best = template;
                bestLiterals = literals;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String abbreviate(JsonNode value) {
        String text = String.valueOf(value);
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    /** A JSON pointer's token (RFC 6901). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static void close(JsonNode node) {
        if (node instanceof ObjectNode object
                && object.has("properties")
                && !object.has("additionalProperties")
                && !object.has("unevaluatedProperties")) {
            object.put("additionalProperties", false);
        }
        node.forEach(ApiDocument::close);
    }
}
