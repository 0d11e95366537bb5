package uz.coffeeshop.keycloak.api.mail;

import jakarta.ws.rs.core.UriInfo;
import org.keycloak.authentication.actiontoken.DefaultActionToken;
import org.keycloak.authentication.actiontoken.updateemail.UpdateEmailActionToken;
import org.keycloak.authentication.actiontoken.verifyemail.VerifyEmailActionToken;
import org.keycloak.common.util.Time;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.LoginActionsService;

/**
 * Links to Keycloak's own action-token endpoint ({@code /realms/{realm}/login-actions/action-token?key=...}),
 * built the way Keycloak's admin API builds the link of "send verify e-mail" (a {@link VerifyEmailActionToken}
 * without an authentication session, for the account client): the browser flow accepts it, shows
 * "confirm your address" and marks the address verified. Lifespans are the realm's user-initiated ones
 * ({@code actionTokenGeneratedByUserLifespan}, per action type).
 */
public final class ActionLinks {

    private final KeycloakSession session;
    private final RealmModel realm;

    public ActionLinks(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** A link that verifies the user's current e-mail address. */
    public Link verifyEmail(UserModel user) {
        int lifespan = realm.getActionTokenGeneratedByUserLifespan(VerifyEmailActionToken.TOKEN_TYPE);
        VerifyEmailActionToken token = new VerifyEmailActionToken(
                user.getId(),
                Time.currentTime() + lifespan,
                null,
                user.getEmail(),
                Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
        return new Link(build(token), lifespan);
    }

    /**
     * A link that makes {@code newEmail} the user's (verified) address, as Keycloak's update-e-mail flow does: the
     * token names the old and the new address, and Keycloak's handler applies it only while the user's pending
     * e-mail ({@link UserModel#EMAIL_PENDING}) is still that new address.
     */
    public Link updateEmail(UserModel user, String newEmail) {
        int lifespan = realm.getActionTokenGeneratedByUserLifespan(UpdateEmailActionToken.TOKEN_TYPE);
        UpdateEmailActionToken token = new UpdateEmailActionToken(
                user.getId(),
                Time.currentTime() + lifespan,
                user.getEmail(),
                newEmail,
                Constants.ACCOUNT_MANAGEMENT_CLIENT_ID,
                false);
        return new Link(build(token), lifespan);
    }

    private String build(DefaultActionToken token) {
        UriInfo uri = session.getContext().getUri();
        return LoginActionsService.actionTokenProcessor(uri)
                .queryParam("key", token.serialize(session, realm, uri))
                .build(realm.getName())
                .toString();
    }

    /** A link and how long it stays valid. */
    public record Link(String url, int lifespanSeconds) {

        public long lifespanMinutes() {
            return lifespanSeconds / 60L;
        }
    }
}
