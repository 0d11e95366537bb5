package uz.coffeeshop.keycloak.api.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.keycloak.common.Version;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code /realms/{realm}/coffee/console/}: the coffee shop's place for admins, a page of the extension's own beside
 * Keycloak's admin console (why not the console's experimental {@code declarative-ui}: see the README, "Admin
 * console"). The page is static: it logs in with authorization code + PKCE on the public client {@value #CLIENT}
 * (silent with the console's session) and calls the admin endpoints of {@code /coffee/admin/...} with the bearer
 * token, which check every permission again. It takes PatternFly from Keycloak's own theme resources, so the look
 * is the console's and nothing is bundled twice. Everything is served from here, same origin, under a strict
 * content security policy: no inline script, no other origin.
 */
public final class ConsolePage {

    /** The public client the page logs in with. */
    public static final String CLIENT = "coffee-console";

    private static final Map<String, String> FILES = Map.of(
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8",
            "coffee-logo.svg", "image/svg+xml");
    private static final Map<String, String> LANGUAGES = Map.of("en", "en", "ru", "ru", "uz", "uz");
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final KeycloakSession session;

    public ConsolePage(KeycloakSession session) {
        this.session = session;
    }

    /** The page; {@code .../console} without the slash is sent to it (the page's relative links need the slash). */
    @GET
    public Response page() {
        URI requested = session.getContext().getUri().getRequestUri();
        if (!requested.getPath().endsWith("/")) {
            return Response.status(Response.Status.FOUND)
                    .location(UriBuilder.fromUri(requested)
                            .replacePath(requested.getPath() + "/")
                            .build())
                    .build();
        }
        RealmModel realm = session.getContext().getRealm();
        if (realm.getClientByClientId(CLIENT) == null) {
            throw new NotFoundException(); // a realm without the page's client (master, say) has no page to log in to
        }
        // Keycloak's root path (/ unless KC_HTTP_RELATIVE_PATH moves it): its theme resources and realms hang there.
        String root = session.getContext().getUri().getBaseUri().getPath();
        root = root.endsWith("/") ? root : root + "/";
        String html = resource("index.html")
                .replace("{{realm}}", escape(realm.getName()))
                .replace("{{client}}", CLIENT)
                .replace("{{root}}", escape(root))
                .replace("{{resources}}", escape(root + "resources/" + Version.RESOURCES_VERSION));
        return secured(Response.ok(html, "text/html; charset=utf-8")).build();
    }

    @GET
    @Path("{file: [a-z-]+\\.(js|css|svg)}")
    public Response file(@PathParam("file") String file) {
        String type = FILES.get(file);
        if (type == null) {
            throw new NotFoundException();
        }
        return secured(Response.ok(resource(file), type)).build();
    }

    /** The page's texts in one language, from {@code messages_<lang>.properties}, as a JSON object. */
    @GET
    @Path("messages/{lang: [a-z]{2}}.json")
    public Response messages(@PathParam("lang") String lang) {
        String language = LANGUAGES.get(lang);
        if (language == null) {
            throw new NotFoundException();
        }
        return secured(Response.ok(ConsoleMessages.json(language), "application/json; charset=utf-8"))
                .build();
    }

    /**
     * The page's own security headers instead of the realm's defaults (which would replace our content security policy
     * with Keycloak's looser one for its own pages): a strict policy, no framing, no sniffing, no referrer.
     */
    private Response.ResponseBuilder secured(Response.ResponseBuilder response) {
        SecurityHeadersProvider headers = session.getProvider(SecurityHeadersProvider.class);
        if (headers != null) {
            headers.options().skipHeaders();
        }
        CacheControl cache = new CacheControl();
        cache.setNoCache(true); // small files; a new extension version must show at once
        return response.cacheControl(cache)
                .header("Content-Security-Policy", CSP)
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Robots-Tag", "none")
                .header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }

    static String resource(String name) {
        try (InputStream in = ConsolePage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new NotFoundException();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
