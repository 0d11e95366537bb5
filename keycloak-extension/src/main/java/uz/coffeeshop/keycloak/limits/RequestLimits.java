package uz.coffeeshop.keycloak.limits;

import java.util.Locale;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The limits of one request: per client IP as Keycloak sees it ({@code ClientConnection.getRemoteAddr()}, so
 * {@code KC_PROXY_HEADERS} and {@code KC_PROXY_TRUSTED_ADDRESSES} decide whether {@code X-Forwarded-For} counts),
 * and per target address, each per realm and fixed window of Keycloak's clock.
 */
final class RequestLimits implements RequestLimitsProvider {

    private final KeycloakSession session;
    private final LimitOptions options;

    RequestLimits(KeycloakSession session, LimitOptions options) {
        this.session = session;
        this.options = options;
    }

    @Override
    public LimitVerdict check(LimitedAction action, String address) {
        RealmModel realm = session.getContext().getRealm();
        Quota quota = options.quota(action);
        long window = options.window().toSeconds();
        long now = Time.currentTime();
        long index = now / window;
        long secondsLeft = (index + 1) * window - now;
        String base = "coffee.limit." + action.option() + "." + realm.getId() + ".";
        WindowSlots slots = new WindowSlots(session.singleUseObjects());
        String ip = session.getContext().getConnection().getRemoteAddr();
        if (quota.perIp() > 0 && !slots.take(base + "ip." + ip, quota.perIp(), index, secondsLeft)) {
            return LimitVerdict.refusedFor(secondsLeft);
        }
        if (quota.perAddress() > 0
                && address != null
                && !slots.take(
                        base + "to." + address.trim().toLowerCase(Locale.ROOT),
                        quota.perAddress(),
                        index,
                        secondsLeft)) {
            return LimitVerdict.refusedFor(secondsLeft);
        }
        return LimitVerdict.ALLOWED;
    }

    @Override
    public void close() {}
}
