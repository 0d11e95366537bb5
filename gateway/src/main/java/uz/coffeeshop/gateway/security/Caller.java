package uz.coffeeshop.gateway.security;

import java.util.List;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * Who a verified access token speaks for, as the API's rules ask: its subject, its authorities (realm roles as
 * {@code ROLE_<role>}, the {@code coffee-api} client roles, the permissions, by their own name) and whether the
 * e-mail address is verified. Built once per verified token ({@link Callers}), with the authorities as Spring
 * Security's objects too, so that a call with a known token builds none.
 */
record Caller(String subject, Set<String> authorities, boolean emailVerified, List<GrantedAuthority> granted) {

    Caller(String subject, Set<String> authorities, boolean emailVerified) {
        this(
                subject,
                authorities,
                emailVerified,
                List.copyOf(AuthorityUtils.createAuthorityList(authorities.toArray(String[]::new))));
    }

    boolean has(String authority) {
        return authorities.contains(authority);
    }
}
