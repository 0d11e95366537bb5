package uz.coffeeshop.gateway.door;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The door's own parts, from its settings. */
@Configuration(proxyBeanMethods = false)
class DoorConfiguration {

    @Bean
    ClientAddressResolver clientAddressResolver(DoorProperties door) {
        return new ClientAddressResolver(door.trustedProxies());
    }

    /** CORS for the configured web origins only; a preflight from any other origin is refused. */
    @Bean
    Cors cors(DoorProperties door) {
        return new Cors(door.allowedOrigins());
    }

    /** {@code server.port} is actuator's: when it is the door's own port, actuator has no port of its own. */
    @Bean
    PublicDoor publicDoor(DoorProperties door, @Value("${server.port}") int actuatorPort) {
        return new PublicDoor(door.maxBodySize().toBytes(), actuatorPort == door.port());
    }
}
