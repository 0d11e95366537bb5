package uz.coffeeshop.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uz.coffeeshop.gateway.server.DoorTransport;

/**
 * Says which transport the door runs on ({@code server/DoorTransport}), in the startup log and in
 * {@code /actuator/info} ({@code transport}): Linux's native epoll when its jar loads (Netty's own JNI library,
 * cheaper per call than the JDK's selector), else the JDK's NIO (another CPU, a system without the library, or
 * {@code -Dreactor.netty.native=false}). The benchmark's CPU figures differ between the two.
 */
@Configuration(proxyBeanMethods = false)
class NetworkTransport {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkTransport.class);

    private final String name;

    NetworkTransport() {
        name = DoorTransport.name();
        LOG.info("Network transport: {}", name);
    }

    @Bean
    InfoContributor transportInfo() {
        return info -> info.withDetail("transport", name);
    }
}
