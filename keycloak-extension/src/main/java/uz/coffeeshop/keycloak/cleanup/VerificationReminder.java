package uz.coffeeshop.keycloak.cleanup;

import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.authentication.actiontoken.verifyemail.VerifyEmailActionToken;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.LoginActionsService;
import uz.coffeeshop.keycloak.config.ShopTimeZone;

/**
 * The one reminder before deletion: a themed e-mail ({@code coffee-verify-reminder.ftl}) with a fresh verification
 * link and the deadline in the shop's time zone. The link is Keycloak's own verify-e-mail action token (as the admin
 * API's "send verify e-mail" builds it), valid until the deadline, so the browser flow verifies the address. The
 * user attribute {@value #SENT_ATTRIBUTE} is written in the same transaction and keeps it from being sent twice.
 */
final class VerificationReminder {

    static final String SENT_ATTRIBUTE = "coffee.cleanup.remindedAt";
    static final String TEMPLATE = "coffee-verify-reminder.ftl";
    static final String SUBJECT_KEY = "coffeeVerifyReminderSubject";

    private VerificationReminder() {}

    static void send(KeycloakSession session, RealmModel realm, UserModel user, Instant deadline)
            throws EmailException {
        UriInfo uri = session.getContext().getUri();
        String client = Constants.ACCOUNT_MANAGEMENT_CLIENT_ID;
        int expiresAt = (int) Math.max(deadline.getEpochSecond(), Time.currentTime() + 60L);
        VerifyEmailActionToken token =
                new VerifyEmailActionToken(user.getId(), expiresAt, null, user.getEmail(), client);
        String link = LoginActionsService.actionTokenProcessor(uri)
                .queryParam("key", token.serialize(session, realm, uri))
                .queryParam(Constants.CLIENT_ID, client)
                .build(realm.getName())
                .toString();

        Map<String, Object> attributes = new HashMap<>();
        attributes.put("email", user.getEmail());
        attributes.put("link", link);
        attributes.put("deadline", ShopTimeZone.format(deadline, realm));
        session.getProvider(EmailTemplateProvider.class)
                .setRealm(realm)
                .setUser(user)
                .send(SUBJECT_KEY, List.of(), TEMPLATE, attributes);
        user.setSingleAttribute(SENT_ATTRIBUTE, String.valueOf(Time.currentTimeMillis()));
    }
}
