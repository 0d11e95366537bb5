package uz.coffeeshop.keycloak.api.mail;

import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The API's mails, sent through Keycloak's {@link EmailTemplateProvider} (so the theme renders them and the
 * configured sender delivers them: an outbox when one is installed, else SMTP with Keycloak's bounded timeouts,
 * {@code connectionTimeout}/{@code timeout}/{@code writeTimeout} of 10 s each). A failure to send never fails
 * the request: the account it concerns stays unverified (so it can ask for another link, and the cleanup can
 * remove it), and the failure is logged and recorded as an event.
 */
public final class ApiMail {

    private static final Logger LOG = Logger.getLogger(ApiMail.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    public ApiMail(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Sends the verification link of the user's address; false when it could not be handed to the sender. */
    public boolean sendVerifyEmail(UserModel user) {
        return send(user, EventType.SEND_VERIFY_EMAIL, user.getEmail(), provider -> {
            ActionLinks.Link link = new ActionLinks(session, realm).verifyEmail(user);
            provider.sendVerifyEmail(link.url(), link.lifespanMinutes());
        });
    }

    /** Sends the confirmation link of a new address to that new address. */
    public boolean sendUpdateEmail(UserModel user, String newEmail) {
        return send(user, EventType.SEND_VERIFY_EMAIL, newEmail, provider -> {
            ActionLinks.Link link = new ActionLinks(session, realm).updateEmail(user, newEmail);
            provider.sendEmailUpdateConfirmation(link.url(), link.lifespanMinutes(), newEmail);
        });
    }

    /**
     * Tells the account's current address that its e-mail is changing to {@code newEmail}: asked for by the owner
     * (the link went to the new address) or done by an admin ({@code byAdmin}). Sent before the change is stored, so
     * it goes to the old address.
     */
    public boolean sendEmailChangeNotice(UserModel user, String newEmail, boolean byAdmin) {
        return sendTemplate(
                user,
                "coffeeEmailChangedSubject",
                "coffee-email-changed.ftl",
                Map.of("oldEmail", user.getEmail(), "newEmail", newEmail, "byAdmin", byAdmin));
    }

    /**
     * One of the theme's templates ({@code name}.ftl in html/ and text/) with its subject key; {@code attributes} are
     * the template's FreeMarker variables (no JSON: they never leave the server).
     */
    public boolean sendTemplate(UserModel user, String subjectKey, String template, Map<String, ?> attributes) {
        // Keycloak adds its own attributes (user, realmName, locale, ...) to the map it is given: a copy of ours.
        return send(
                user,
                null,
                user.getEmail(),
                provider -> provider.send(subjectKey, template, new HashMap<>(attributes)));
    }

    private interface Sending {
        void send(EmailTemplateProvider provider) throws EmailException;
    }

    private boolean send(UserModel user, EventType type, String address, Sending sending) {
        EventBuilder event = type == null
                ? null
                : new EventBuilder(realm, session, session.getContext().getConnection())
                        .event(type)
                        .user(user)
                        .detail(Details.EMAIL, address);
        try {
            sending.send(session.getProvider(EmailTemplateProvider.class)
                    .setRealm(realm)
                    .setUser(user));
            if (event != null) {
                event.success();
            }
            return true;
        } catch (EmailException | RuntimeException e) {
            LOG.warnf(e, "Could not send a mail to user %s of realm %s", user.getId(), realm.getName());
            if (event != null) {
                event.error(Errors.EMAIL_SEND_FAILED);
            }
            return false;
        }
    }
}
