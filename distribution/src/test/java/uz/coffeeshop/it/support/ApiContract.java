package uz.coffeeshop.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The extension's OpenAPI document ({@code openapi.json} of the extension jar) held against every answer the tests get
 * from the API: the status must be one the document lists for that path and method, the content type one it lists
 * for that status (no body where it lists none), and the body must match its schema, with no field the schema lacks
 * (see {@link ApiDocument}). {@link Http#send} checks every answer it gets.
 *
 * <p>Paths are the document's: {@code /api/<rest>} at the gateway and {@code /realms/<realm>/coffee/<rest>} at the
 * extension are both {@code /<rest>}, as the gateway's route maps them. A request the document lists no operation
 * for (an unknown path, a listed path with another method) must be answered as the document's
 * {@code x-unlisted-requests} says. Other paths (Keycloak's own pages and endpoints, its admin REST API, the gateway's
 * actuator) and the extension's admin page ({@code .../coffee/console}, HTML and its files) are not the API and pass
 * unchecked.
 */
public final class ApiContract {

    /** Where the extension jar keeps the document (the distribution has the jar on its test class path). */
    static final String DOCUMENT = "uz/coffeeshop/keycloak/api/openapi/openapi.json";

    private static final Pattern AT_EXTENSION = Pattern.compile("/realms/[^/]+/coffee(/.*)?");
    private static final String GATEWAY_PREFIX = "/api";
    private static final String CONSOLE = "/console";

    private static final ApiContract SHOP = new ApiContract(shopDocument());

    private final ApiDocument document;

    ApiContract(String document) {
        this.document = new ApiDocument(document);
    }

    /** The contract of the shop's API, as the extension jar under test ships it. */
    public static ApiContract shop() {
        return SHOP;
    }

    /** Fails with every way the answer breaks the document; passes an answer of a path that is not the API. */
    public void check(HttpRequest request, HttpResponse<String> response) {
        check(
                request.method(),
                request.uri(),
                response.statusCode(),
                response.headers().map(),
                response.body());
    }

    /** As {@link #check(HttpRequest, HttpResponse)}, for an answer read by other means than Java's client. */
    public void check(String method, URI uri, int status, Map<String, List<String>> headers, String body) {
        violations(method, uri, status, headers, body).ifPresent(message -> {
            throw new AssertionError(message);
        });
    }

    /** Every way the answer breaks the document, in one message naming the request; empty when it holds. */
    Optional<String> violations(String method, URI uri, int status, Map<String, List<String>> headers, String body) {
        Optional<String> path = documentPath(uri.getRawPath());
        if (path.isEmpty()) {
            return Optional.empty();
        }
        boolean throughGateway = isGateway(uri.getRawPath());
        ApiDocument.Answer answer = document.answer(method, path.get(), status, throughGateway);
        List<String> errors = new ArrayList<>();
        if (answer.response() == null) {
            errors.add("the document lists no " + status + " here (it lists "
                    + document.statuses(method, path.get(), throughGateway) + ")");
        } else {
            errors.addAll(contentErrors(answer, contentType(headers), body));
        }
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(method + " " + uri.getRawPath() + " answered " + status
                + ", which breaks the OpenAPI document (openapi.json) at " + answer.operation() + " " + status
                + ":\n  - "
                + String.join("\n  - ", errors) + "\n  body: " + abbreviate(body));
    }

    private List<String> contentErrors(ApiDocument.Answer answer, String contentType, String body) {
        boolean hasBody = body != null && !body.isEmpty();
        if (!answer.response().has("content")) {
            return hasBody ? List.of("the document gives this answer no body, but it has one") : List.of();
        }
        String mediaType = mediaType(contentType);
        List<String> documented = new ArrayList<>();
        answer.response().path("content").fieldNames().forEachRemaining(documented::add);
        if (!documented.contains(mediaType)) {
            return List.of("content type " + contentType + " is not one the document gives this answer " + documented);
        }
        if (!hasBody) {
            return List.of("the document gives this answer a " + mediaType + " body, but it has none");
        }
        return document.bodyErrors(answer, mediaType, body);
    }

    private static boolean isGateway(String rawPath) {
        return rawPath.equals(GATEWAY_PREFIX) || rawPath.startsWith(GATEWAY_PREFIX + "/");
    }

    /** {@code /api/<rest>} and {@code /realms/<realm>/coffee/<rest>} as the document's {@code /<rest>}. */
    static Optional<String> documentPath(String rawPath) {
        if (isGateway(rawPath)) {
            return Optional.of(rawPath.substring(GATEWAY_PREFIX.length()));
        }
        Matcher extension = AT_EXTENSION.matcher(rawPath);
        if (!extension.matches()) {
            return Optional.empty();
        }
        String rest = extension.group(1) == null ? "" : extension.group(1);
        if (rest.equals(CONSOLE) || rest.startsWith(CONSOLE + "/")) {
            return Optional.empty();
        }
        return Optional.of(rest);
    }

    private static String contentType(Map<String, List<String>> headers) {
        for (Iterator<Map.Entry<String, List<String>>> it = headers.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, List<String>> header = it.next();
            if ("Content-Type".equalsIgnoreCase(header.getKey())
                    && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }

    private static String mediaType(String contentType) {
        return contentType == null
                ? "(none)"
                : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(String body) {
        if (body == null || body.isEmpty()) {
            return "(none)";
        }
        return body.length() <= 600 ? body : body.substring(0, 600) + "...";
    }

    /** The document as the extension jar on the test class path ships it. */
    static String shopDocument() {
        try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is not on the test class path (the extension jar)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
