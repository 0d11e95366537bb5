package uz.coffeeshop.testclock;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

final class TestClockResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;

    TestClockResourceProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        return new TestClockResource(session);
    }

    @Override
    public void close() {}
}
