package uz.coffeeshop.gateway.problem;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@link NettyRefusals} on the management server too (Spring Boot's Netty, when actuator has a port of its own). */
@Configuration(proxyBeanMethods = false)
class NettyRefusalsConfiguration {

    @Bean
    NettyServerCustomizer nettyRefusals() {
        return server -> server.doOnChannelInit((observer, channel, remote) -> NettyRefusals.addTo(channel.pipeline()));
    }
}
