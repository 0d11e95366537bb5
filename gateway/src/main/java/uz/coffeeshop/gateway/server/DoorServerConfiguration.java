package uz.coffeeshop.gateway.server;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uz.coffeeshop.gateway.door.ClientAddressResolver;
import uz.coffeeshop.gateway.door.Cors;
import uz.coffeeshop.gateway.door.DoorProperties;
import uz.coffeeshop.gateway.door.PublicDoor;
import uz.coffeeshop.gateway.ratelimit.RateLimiter;
import uz.coffeeshop.gateway.routing.Upstream;
import uz.coffeeshop.gateway.security.TokenCheck;

/** The public port and the door's parts in their order. */
@Configuration(proxyBeanMethods = false)
class DoorServerConfiguration {

    @Bean
    DoorServer doorServer(
            DoorProperties door,
            ClientAddressResolver clients,
            Cors cors,
            PublicDoor publicDoor,
            TokenCheck tokens,
            RateLimiter limits,
            Upstream upstream,
            HealthEndpoint health,
            @Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration drainTimeout) {
        DoorHandler handler = new DoorHandler(
                clients, cors, publicDoor, tokens, limits, upstream, new HealthAnswers(health), AccessLines.of(door));
        return new DoorServer(door.address(), door.port(), handler, drainTimeout);
    }
}
