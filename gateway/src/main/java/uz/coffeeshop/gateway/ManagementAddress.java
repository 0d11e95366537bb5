package uz.coffeeshop.gateway;

import java.util.Map;
import java.util.Objects;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Binds a separate management port (health, prometheus, info) to {@code GATEWAY_MANAGEMENT_ADDRESS}, loopback by
 * default, rather than to every interface as Spring Boot does. Spring Boot refuses
 * {@code management.server.address} when actuator shares the API port ({@code ManagementContextAutoConfiguration}
 * checks it), so the address is set only when the ports differ, which application.yml alone can't say.
 */
final class ManagementAddress implements EnvironmentPostProcessor, Ordered {

    static final String VARIABLE = "GATEWAY_MANAGEMENT_ADDRESS";
    static final String LOOPBACK = "127.0.0.1";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String apiPort = environment.getProperty("server.port", "8080");
        String managementPort = environment.getProperty("management.server.port", apiPort);
        if (Objects.equals(apiPort, managementPort) || environment.containsProperty("management.server.address")) {
            return;
        }
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "coffee-management-address",
                        Map.of("management.server.address", environment.getProperty(VARIABLE, LOOPBACK))));
    }

    @Override
    public int getOrder() {
        // After application.yml is read (ConfigDataEnvironmentPostProcessor), so both ports are known.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
