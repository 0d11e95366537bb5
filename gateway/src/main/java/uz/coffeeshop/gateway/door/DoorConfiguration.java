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

    /** Actuator's health is on the API port too when actuator has no port of its own. */
    @Bean
    PublicDoor publicDoor(
            DoorProperties door,
            @Value("${server.port}") int apiPort,
            @Value("${management.server.port:}") Integer managementPort) {
        return new PublicDoor(door.maxBodySize().toBytes(), managementPort == null || managementPort == apiPort);
    }

    @Bean
    FrontDoor frontDoor(
            ClientAddressResolver clients,
            Cors cors,
            PublicDoor publicDoor,
            DoorProperties door,
            @Value("${server.port}") int apiPort) {
        return new FrontDoor(clients, cors, publicDoor, AccessLines.of(door), apiPort);
    }
}
