package uz.coffeeshop.keycloak.limits;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormActionFactory;
import org.keycloak.authentication.FormContext;
import org.keycloak.authentication.ValidationContext;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Keycloak's registration form under the same {@link LimitedAction#SIGNUP} budget as the sign-up API: placed first in
 * the realm's registration form flow, it counts each submitted form by client IP and by the e-mail entered, and over
 * the quota it shows the theme's "too many attempts, try again in N minutes" ({@value #MESSAGE}) and creates nobody.
 * Keycloak itself has no limit there (keycloak#48389 says to put a WAF in front).
 */
public final class RegistrationLimitFormAction implements FormAction, FormActionFactory {

    public static final String ID = "coffee-registration-limit";
    static final String MESSAGE = "coffeeTooManyAttempts";

    @Override
    public void validate(ValidationContext context) {
        String email = context.getHttpRequest().getDecodedFormParameters().getFirst(UserModel.EMAIL);
        LimitVerdict verdict =
                context.getSession().getProvider(RequestLimitsProvider.class).check(LimitedAction.SIGNUP, email);
        if (verdict.allowed()) {
            context.success();
            return;
        }
        context.getEvent().detail("limit", LimitedAction.SIGNUP.option());
        context.error(Errors.GENERIC_AUTHENTICATION_ERROR);
        context.excludeOtherErrors();
        context.validationError(
                context.getHttpRequest().getDecodedFormParameters(),
                List.of(new FormMessage(null, MESSAGE, verdict.retryAfterMinutes())));
    }

    @Override
    public void buildPage(FormContext context, LoginFormsProvider form) {}

    @Override
    public void success(FormContext context) {}

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {}

    @Override
    public FormAction create(KeycloakSession session) {
        return this;
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Coffee: sign-up rate limit";
    }

    @Override
    public String getReferenceCategory() {
        return "rate-limit";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {
            AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED
        };
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public String getHelpText() {
        return "Counts sign-ups per client IP and e-mail address with the coffee-limits quotas (shared with the"
                + " sign-up API) and refuses the form over them.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
