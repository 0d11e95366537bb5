package uz.coffeeshop.gateway;

import java.util.Map;
import java.util.Objects;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Actuator's own port binds {@code GATEWAY_MANAGEMENT_ADDRESS} (loopback unless told). Spring Boot refuses a
 * management address when actuator shares the API port, so the address is set only when {@code
 * GATEWAY_MANAGEMENT_PORT} names a port of its own, which application.yml alone can't say.
 */
final class ManagementAddress implements EnvironmentPostProcessor, Ordered {

    static final String ADDRESS = "GATEWAY_MANAGEMENT_ADDRESS";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String managementPort = environment.getProperty("management.server.port");
        if (managementPort == null
                || managementPort.isBlank()
                || Objects.equals(managementPort, environment.getProperty("server.port"))) {
            return;
        }
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "coffee-management-address",
                        Map.of("management.server.address", environment.getProperty(ADDRESS, "127.0.0.1"))));
    }

    @Override
    public int getOrder() {
        // After application.yml is read (ConfigDataEnvironmentPostProcessor), so both ports are known.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
