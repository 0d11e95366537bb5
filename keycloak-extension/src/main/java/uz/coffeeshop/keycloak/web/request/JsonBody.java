package uz.coffeeshop.keycloak.web.request;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import uz.coffeeshop.keycloak.web.problem.Problem;
import uz.coffeeshop.keycloak.web.problem.Problem.FieldError;

/**
 * A JSON object body read by the API itself rather than bound by RESTEasy: a bound POJO would let Keycloak's
 * {@code KeycloakErrorHandler} answer malformed JSON, wrong types or unknown fields with its own OAuth2-style JSON
 * (or a 500), while every error here must be problem+json naming the field. The body is read as bytes up to
 * {@value #MAX_BYTES}, so an oversized one is refused without being buffered.
 *
 * <p>Field errors are collected; {@link #validate()} throws them all at once as one 400.
 */
public final class JsonBody {

    /** Generous for a user profile (names of 100 characters, an e-mail of 255, a password of 128). */
    public static final int MAX_BYTES = 16 * 1024;

    /** Trailing data and repeated keys are errors: {@code {"role":"user","role":"admin"}} must not pick one. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final ObjectNode json;
    private final List<FieldError> errors = new ArrayList<>();

    private JsonBody(ObjectNode json) {
        this.json = json;
    }

    /** Reads {@code body} (of the given {@code Content-Type}) as a JSON object, or throws a 400/413/415 problem. */
    public static JsonBody read(String contentType, InputStream body) {
        if (contentType == null || !isJson(contentType)) {
            throw Problem.of(
                            "unsupported-media-type",
                            Response.Status.UNSUPPORTED_MEDIA_TYPE,
                            "Send the body as 'Content-Type: application/json'.")
                    .toException();
        }
        byte[] bytes = readCapped(body);
        JsonNode node;
        try {
            node = bytes.length == 0 ? null : MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw malformed(
                    "The body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ").");
        } catch (IOException e) {
            throw malformed("The body could not be read.");
        }
        if (node == null || node.isMissingNode()) {
            throw malformed("The body is empty: send a JSON object.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw malformed("The body must be a JSON object.");
        }
        return new JsonBody(object);
    }

    private static boolean isJson(String contentType) {
        try {
            MediaType type = MediaType.valueOf(contentType);
            return "application".equalsIgnoreCase(type.getType())
                    && ("json".equalsIgnoreCase(type.getSubtype())
                            || type.getSubtype().toLowerCase().endsWith("+json"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] readCapped(InputStream body) {
        if (body == null) {
            return new byte[0];
        }
        try (body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int read;
            while ((read = body.read(buffer)) != -1) {
                if (out.size() + read > MAX_BYTES) {
                    throw Problem.of(
                                    "payload-too-large",
                                    Response.Status.REQUEST_ENTITY_TOO_LARGE,
                                    "The body is larger than " + MAX_BYTES + " bytes.")
                            .toException();
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw malformed("The body could not be read.");
        }
    }

    private static RuntimeException malformed(String detail) {
        return Problem.of("malformed-body", Response.Status.BAD_REQUEST, detail).toException();
    }

    /** Every field not in {@code allowed} is an error: no mass assignment of roles, ids or flags. */
    public JsonBody allowOnly(Set<String> allowed) {
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                errors.add(new FieldError(name, "This field cannot be set here."));
            }
        }
        return this;
    }

    public boolean has(String field) {
        return json.has(field);
    }

    /** The field's value as sent, for rules of a feature's own (missing when absent). */
    public JsonNode value(String field) {
        return json.path(field);
    }

    /** A string field; empty when absent, an error when present with another type (null counts as absent). */
    public Optional<String> string(String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "Must be a string."));
            return Optional.empty();
        }
        return Optional.of(value.textValue());
    }

    /** A string field that must be present and not blank. */
    public Optional<String> requiredString(String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(field, "Required."));
            return Optional.empty();
        }
        Optional<String> text = string(field);
        if (text.isPresent() && text.get().isBlank()) {
            errors.add(new FieldError(field, "Required."));
            return Optional.empty();
        }
        return text;
    }

    /**
     * An e-mail address field that must be present: surrounding spaces go, but a control character anywhere (NUL,
     * tab, line breaks) is an error naming the field, never stripped, so the address stored is the one sent.
     */
    public Optional<String> emailAddress(String field) {
        Optional<String> text = requiredString(field);
        if (text.isPresent() && text.get().chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(field, "Must not contain control characters."));
            return Optional.empty();
        }
        return text.map(String::strip);
    }

    /** A boolean field; empty when absent, an error when present with another type. */
    public Optional<Boolean> bool(String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError(field, "Must be true or false."));
            return Optional.empty();
        }
        return Optional.of(value.booleanValue());
    }

    /** A string field whose value must be one of {@code values}. */
    public Optional<String> oneOf(String field, Set<String> values) {
        Optional<String> value = requiredString(field);
        if (value.isPresent() && !values.contains(value.get())) {
            errors.add(new FieldError(
                    field,
                    "Must be one of "
                            + String.join(", ", values.stream().sorted().toList()) + "."));
            return Optional.empty();
        }
        return value;
    }

    public void addError(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** Throws the collected field errors as one validation problem, if there are any. */
    public void validate() {
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
    }
}
