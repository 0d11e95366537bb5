package uz.coffeeshop.gateway;

import java.util.Map;
import java.util.Objects;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Spring Boot's own web server is actuator's management server only: the public port is the door's
 * ({@code server/DoorServer}). With {@code GATEWAY_MANAGEMENT_PORT} set to a port of its own, Spring's server runs
 * there (bound to {@code GATEWAY_MANAGEMENT_ADDRESS}, application.yml); without one, no Spring web server starts at
 * all and the door answers health itself, as actuator did on the API port before: so this decides the
 * application's web type, which application.yml alone can't say.
 */
final class ManagementServer implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String doorPort = environment.getProperty("coffee.door.port");
        String managementPort = environment.getProperty("server.port");
        if (Objects.equals(doorPort, managementPort)) {
            application.setWebApplicationType(WebApplicationType.NONE);
            environment
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "coffee-no-management-server",
                            Map.of("spring.main.web-application-type", WebApplicationType.NONE.name())));
        }
    }

    @Override
    public int getOrder() {
        // After application.yml is read (ConfigDataEnvironmentPostProcessor), so both ports are known.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
