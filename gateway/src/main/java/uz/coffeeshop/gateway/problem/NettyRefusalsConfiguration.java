package uz.coffeeshop.gateway.problem;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link NettyRefusals} next to the HTTP codec of every Reactor Netty server of the application (the public port's,
 * and the management port's when actuator has one), and the one error handler, {@link GatewayErrors}.
 */
@Configuration(proxyBeanMethods = false)
class NettyRefusalsConfiguration {

    @Bean
    NettyServerCustomizer nettyRefusals() {
        return server -> server.doOnChannelInit((observer, channel, remote) -> NettyRefusals.addTo(channel.pipeline()));
    }

    @Bean
    GatewayErrors gatewayErrors() {
        return new GatewayErrors();
    }
}
