package uz.coffeeshop.gateway;

import io.netty.channel.epoll.Epoll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Says which transport Reactor Netty runs on, in the startup log and in {@code /actuator/info} ({@code transport}):
 * Linux's native epoll when its jar loads (cheaper per call than the JDK's selector), else the JDK's NIO (another
 * CPU, a system without the library, or {@code -Dreactor.netty.native=false}). The benchmark's CPU figures differ
 * between the two.
 */
@Configuration(proxyBeanMethods = false)
class NetworkTransport {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkTransport.class);

    private final String name;

    NetworkTransport() {
        boolean nativeWanted = Boolean.parseBoolean(System.getProperty("reactor.netty.native", "true"));
        name = nativeWanted && Epoll.isAvailable() ? "epoll" : "nio";
        LOG.info("Network transport: {}", name);
    }

    @Bean
    InfoContributor transportInfo() {
        return info -> info.withDetail("transport", name);
    }
}
