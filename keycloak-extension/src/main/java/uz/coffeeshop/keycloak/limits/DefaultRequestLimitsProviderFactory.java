package uz.coffeeshop.keycloak.limits;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** Reads the limits' options once at start (see {@link LimitOptions}) and shows them in the server info. */
public final class DefaultRequestLimitsProviderFactory
        implements RequestLimitsProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "default";

    private LimitOptions options = LimitOptions.parse(name -> null);

    @Override
    public RequestLimitsProvider create(KeycloakSession session) {
        return new RequestLimits(session, options);
    }

    @Override
    public void init(Config.Scope config) {
        options = LimitOptions.from(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return LimitOptions.metadata();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put(LimitOptions.WINDOW, String.valueOf(options.window().toSeconds()));
        options.quotas().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            info.put(
                    LimitOptions.perIp(entry.getKey()),
                    String.valueOf(entry.getValue().perIp()));
            info.put(
                    LimitOptions.perAddress(entry.getKey()),
                    String.valueOf(entry.getValue().perAddress()));
        });
        return info;
    }
}
