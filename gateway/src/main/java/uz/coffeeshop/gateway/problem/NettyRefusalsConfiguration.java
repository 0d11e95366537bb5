package uz.coffeeshop.gateway.problem;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/** Puts {@link NettyRefusals} right after the HTTP codec of every connection of the server(s). */
@Configuration(proxyBeanMethods = false)
class NettyRefusalsConfiguration {

    @Bean
    NettyServerCustomizer nettyRefusals() {
        NettyRefusals refusals = new NettyRefusals();
        return server -> server.doOnChannelInit((observer, channel, remote) -> {
            var pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(NettyRefusals.NAME) == null) {
                pipeline.addAfter(NettyPipeline.HttpCodec, NettyRefusals.NAME, refusals);
            }
        });
    }
}
