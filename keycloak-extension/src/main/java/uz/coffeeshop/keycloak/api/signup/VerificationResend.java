package uz.coffeeshop.keycloak.api.signup;

import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import uz.coffeeshop.keycloak.address.DeliverableAddress;
import uz.coffeeshop.keycloak.api.RateLimited;
import uz.coffeeshop.keycloak.api.mail.ApiMail;
import uz.coffeeshop.keycloak.api.representation.ResendRequest;
import uz.coffeeshop.keycloak.limits.LimitedAction;
import uz.coffeeshop.keycloak.web.problem.KeycloakMessages;
import uz.coffeeshop.keycloak.web.request.JsonBody;

/**
 * {@code POST /auth/verification-email}: a fresh verification link for an enabled, unverified account. The
 * answer never tells whether that account exists: the same 202 body every time, and never before
 * {@link #MINIMUM_DURATION} has passed, which is longer than the lookup plus the hand-over of the mail to the
 * sender, so a sent mail and none take about the same time. At most one mail per address per
 * {@value AddressCooldown#SECONDS} s (shared with the mail of the sign-up itself).
 */
final class VerificationResend {

    static final Duration MINIMUM_DURATION = Duration.ofMillis(400);
    static final String MESSAGE =
            "If this address has an account that still needs verification, a new link is on" + " its way.";

    private final KeycloakSession session;
    private final RealmModel realm;

    VerificationResend(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    Response handle(String contentType, InputStream body) {
        JsonBody json = JsonBody.read(contentType, body).allowOnly(Set.of("email"));
        ResendRequest request = new ResendRequest(json.emailAddress("email").orElse(null));
        String email = request.email();
        if (email != null && (email.length() > 255 || !email.contains("@"))) {
            json.addError("email", "Invalid email address.");
        } else if (email != null) {
            DeliverableAddress.brokenRule(email)
                    .ifPresent(rule ->
                            json.addError("email", KeycloakMessages.of(session).format(rule.messageKey())));
        }
        json.validate();
        RateLimited.check(session, LimitedAction.RESEND, email);

        ResponseFloor floor = ResponseFloor.startingNow(MINIMUM_DURATION);
        if (AddressCooldown.claim(session, realm, "verify", email)) {
            UserModel user = session.users().getUserByEmail(realm, email);
            if (user != null && awaitsVerification(user)) {
                new ApiMail(session, realm).sendVerifyEmail(user);
            }
        }
        floor.holdAnswer(session);
        return SameAnswer.with(MESSAGE);
    }

    /**
     * Only an account that waits for its verification gets a link: anyone may call this endpoint, so it never adds
     * the verify-e-mail action to an account that lacks it (an account an admin made, say), which would change
     * what Keycloak asks of that user at the next login.
     */
    private static boolean awaitsVerification(UserModel user) {
        return user.isEnabled()
                && !user.isEmailVerified()
                && user.getServiceAccountClientLink() == null
                && user.getRequiredActionsStream().anyMatch(UserModel.RequiredAction.VERIFY_EMAIL.name()::equals);
    }
}
