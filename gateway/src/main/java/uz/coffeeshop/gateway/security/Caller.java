package uz.coffeeshop.gateway.security;

import java.util.Set;

/**
 * Who a verified access token speaks for, as the API's rules ask: its subject, its authorities (realm roles as
 * {@code ROLE_<role>}, the {@code coffee-api} client roles, the permissions, by their own name) and whether the
 * e-mail address is verified. Built once per verified token ({@link Callers}).
 */
record Caller(String subject, Set<String> authorities, boolean emailVerified) {

    boolean has(String authority) {
        return authorities.contains(authority);
    }
}
