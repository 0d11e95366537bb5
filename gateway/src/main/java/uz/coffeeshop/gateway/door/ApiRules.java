package uz.coffeeshop.gateway.door;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpMethod;

/**
 * The public API's table (DESIGN.md, "Public API"): for each path and method, who may call it and which rate
 * limit applies. Anything not in the table is not found; a listed path with another method is not allowed.
 * The extension checks the same rules itself: this is the policy enforcement point, not the only check.
 */
public final class ApiRules {

    /** Who may call. */
    public enum Access {
        /** Anyone, with or without a token. */
        OPEN,
        /** Realm role {@code user} and a verified e-mail address. */
        VERIFIED_USER,
        /** The {@code coffee-api} client role named by the rule's permission. */
        PERMISSION
    }

    /** Which bucket the request draws from. */
    public enum Limit {
        /** Not limited (cheap, anonymous reads such as health). */
        NONE,
        /** Per client IP (an IPv6 client by its /64): sign-up and resend, which create accounts and send e-mail. */
        PER_CLIENT_IP,
        /** Per user (the token's subject). */
        PER_USER
    }

    /** One line of the table. */
    public record Rule(Set<HttpMethod> methods, String pattern, Access access, String permission, Limit limit) {}

    /** A rule with its pattern split once, at start, rather than on every request. */
    private record Compiled(Rule rule, String[] parts) {

        Compiled(Rule rule) {
            this(rule, rule.pattern().substring(1).split("/"));
        }

        boolean matchesPath(String[] path) {
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].equals("**")) {
                    return true;
                }
                if (i >= path.length) {
                    return false;
                }
                if (!parts[i].equals("{id}") && !parts[i].equals(path[i])) {
                    return false;
                }
            }
            return parts.length == path.length;
        }
    }

    /** What the table says about one request. */
    public sealed interface Decision {}

    public record Allowed(Rule rule) implements Decision {}

    public record NotFound() implements Decision {}

    public record MethodNotAllowed(Set<HttpMethod> allowed) implements Decision {}

    private static final List<Rule> RULES = List.of(
            open(HttpMethod.POST, "/api/auth/signup", Limit.PER_CLIENT_IP),
            open(HttpMethod.POST, "/api/auth/verification-email", Limit.PER_CLIENT_IP),
            open(HttpMethod.GET, "/api/health", Limit.NONE),
            open(HttpMethod.GET, "/api/openapi.json", Limit.NONE),
            new Rule(
                    Set.of(HttpMethod.GET, HttpMethod.PATCH, HttpMethod.DELETE),
                    "/api/users/me",
                    Access.VERIFIED_USER,
                    null,
                    Limit.PER_USER),
            permission(HttpMethod.GET, "/api/users", "users:read"),
            permission(HttpMethod.GET, "/api/users/{id}", "users:read"),
            permission(HttpMethod.PATCH, "/api/users/{id}", "users:write"),
            permission(HttpMethod.DELETE, "/api/users/{id}", "users:delete"),
            permission(HttpMethod.PUT, "/api/users/{id}/role", "roles:assign"),
            permission(HttpMethod.GET, "/api/admin/cleanup", "cleanup:run"),
            permission(HttpMethod.POST, "/api/admin/cleanup/run", "cleanup:run"),
            permission(HttpMethod.PUT, "/api/admin/cleanup/settings", "cleanup:run"),
            permission(HttpMethod.GET, "/api/admin/cleanup/runs/{id}", "cleanup:run"),
            permission(HttpMethod.GET, "/api/admin/mail", "mail:read"),
            permission(HttpMethod.GET, "/api/admin/mail/**", "mail:read"),
            permission(HttpMethod.POST, "/api/admin/mail/{id}/retry", "mail:retry"));

    private static final List<Compiled> COMPILED =
            RULES.stream().map(Compiled::new).toList();

    private ApiRules() {}

    /** Looks {@code path} (canonical, see {@link CanonicalPath}) and {@code method} up in the table. */
    public static Decision decide(HttpMethod method, String path) {
        String[] segments =
                path.length() <= 1 ? new String[0] : path.substring(1).split("/");
        Set<HttpMethod> allowed = new LinkedHashSet<>();
        for (Compiled compiled : COMPILED) {
            Rule rule = compiled.rule();
            if (compiled.matchesPath(segments)) {
                if (rule.methods().contains(method)) {
                    return new Allowed(rule);
                }
                allowed.addAll(rule.methods());
            }
        }
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(allowed);
    }

    /** Every rule, for documentation and tests. */
    public static List<Rule> rules() {
        return new ArrayList<>(RULES);
    }

    private static Rule open(HttpMethod method, String pattern, Limit limit) {
        return new Rule(Set.of(method), pattern, Access.OPEN, null, limit);
    }

    private static Rule permission(HttpMethod method, String pattern, String permission) {
        return new Rule(Set.of(method), pattern, Access.PERMISSION, permission, Limit.PER_USER);
    }
}
