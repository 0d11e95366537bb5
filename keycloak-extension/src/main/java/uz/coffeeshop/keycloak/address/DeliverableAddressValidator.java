package uz.coffeeshop.keycloak.address;

import java.util.List;
import org.keycloak.provider.ConfiguredProvider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.validate.AbstractStringValidator;
import org.keycloak.validate.ValidationContext;
import org.keycloak.validate.ValidationError;
import org.keycloak.validate.ValidatorConfig;

/**
 * The user-profile validator {@value #ID}: {@link DeliverableAddress}'s rules on the {@code email} attribute. The
 * realm's user profile config names it, so every way an address gets in runs it: Keycloak's registration and account
 * pages, the admin console and admin API, the coffee API's sign-up, e-mail change and admin {@code PATCH}.
 */
public final class DeliverableAddressValidator extends AbstractStringValidator implements ConfiguredProvider {

    public static final String ID = "coffee-deliverable-email";

    @Override
    protected void doValidate(String value, String inputHint, ValidationContext context, ValidatorConfig config) {
        DeliverableAddress.brokenRule(value)
                .ifPresent(rule -> context.addError(new ValidationError(ID, inputHint, rule.messageKey())));
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public String getHelpText() {
        return "Refuses addresses nobody can own: IP-literal or dotless domains, localhost, control characters.";
    }
}
