package uz.coffeeshop.gateway.security;

import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/**
 * Where the header text of a call is judged ({@code coffee.security.firewall-header-checks}): Spring Security's
 * strict firewall always checks the request's path, method and query; its header rule (assigned, non-control
 * characters) is the one the front door's {@code HeaderText} applies to every header of the public port before the
 * security chain runs.
 */
public enum FirewallHeaderChecks {

    /**
     * The project's: the front door has judged every header name and value once, so the firewall does not check
     * them again. Its wrapper re-checks a header with a regular expression at each read, several times a call, which
     * the library offers no switch for other than these predicates. Actuator's own port (when set) has no front
     * door; what it serves is never forwarded.
     */
    AT_THE_DOOR {
        @Override
        StrictServerWebExchangeFirewall firewall() {
            StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
            firewall.setAllowedHeaderNames(name -> true);
            firewall.setAllowedHeaderValues(value -> true);
            return firewall;
        }
    },

    /** The library's default, as a reference setup has it (the benchmark's stock baseline): at every read too. */
    ON_EVERY_READ {
        @Override
        StrictServerWebExchangeFirewall firewall() {
            return new StrictServerWebExchangeFirewall();
        }
    };

    abstract StrictServerWebExchangeFirewall firewall();
}
