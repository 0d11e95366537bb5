package uz.coffeeshop.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The coffee shop's public API gateway: {@code /api/**} to the Keycloak extension's {@code coffee} resource. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        EventLoopThreads.configure(System.getenv(), Runtime.getRuntime().availableProcessors());
        SpringApplication.run(GatewayApplication.class, args);
    }
}
