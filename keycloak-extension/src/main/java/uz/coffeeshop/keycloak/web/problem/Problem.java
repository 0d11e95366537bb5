package uz.coffeeshop.keycloak.web.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An error as RFC 9457 problem details: {@code type}, {@code title}, {@code status}, {@code detail}, and for
 * validation errors the fields at fault. Every error of the coffee API is one of these.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "errors"})
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    // Built directly: MediaType.valueOf needs a JAX-RS runtime, which unit tests do not have.
    public static final MediaType MEDIA = new MediaType("application", "problem+json");
    private static final String TYPE_PREFIX = "urn:coffee-shop:problem:";

    /** One field that failed validation, named as the request names it. */
    @JsonPropertyOrder({"field", "message"})
    public record FieldError(String field, String message) {}

    /** A problem of kind {@code slug} (the last part of its {@code type} URI). */
    public static Problem of(String slug, Response.Status status, String detail) {
        return new Problem(TYPE_PREFIX + slug, status.getReasonPhrase(), status.getStatusCode(), detail, null);
    }

    public static Problem validation(List<FieldError> errors) {
        return new Problem(
                TYPE_PREFIX + "validation",
                "Bad Request",
                400,
                "The request has " + errors.size() + " invalid field" + (errors.size() == 1 ? "" : "s") + ".",
                List.copyOf(errors));
    }

    /** The same problem with the fields at fault, e.g. the e-mail of a 409. */
    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, List.copyOf(fieldErrors));
    }

    public Response.ResponseBuilder toResponseBuilder() {
        return Response.status(status).type(MEDIA).entity(this);
    }

    public Response toResponse() {
        return toResponseBuilder().build();
    }

    public ProblemException toException() {
        return new ProblemException(this, toResponse());
    }

    /** The exception with headers added to its response, such as the {@code WWW-Authenticate} challenge of a 401. */
    public ProblemException toException(UnaryOperator<Response.ResponseBuilder> decorate) {
        return new ProblemException(this, decorate.apply(toResponseBuilder()).build());
    }
}
