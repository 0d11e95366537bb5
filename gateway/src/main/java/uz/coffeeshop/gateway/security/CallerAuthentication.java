package uz.coffeeshop.gateway.security;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Spring Security's authentication of a verified access token, with the {@link Caller} the API's rules judge. */
final class CallerAuthentication extends JwtAuthenticationToken {

    private final transient Caller caller;

    CallerAuthentication(Jwt jwt, Caller caller) {
        super(jwt, caller.granted(), caller.subject());
        this.caller = caller;
    }

    Caller caller() {
        return caller;
    }
}
