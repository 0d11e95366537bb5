package uz.coffeeshop.keycloak.web.problem;

import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PolicyError;
import org.keycloak.services.messages.Messages;
import org.keycloak.userprofile.ValidationException;
import uz.coffeeshop.keycloak.web.problem.Problem.FieldError;

/**
 * The findings of Keycloak's own validation (declarative user profile, password policy) as the API's field
 * errors. "This address is taken" is kept apart, because it is a 409 (or, in enumeration-safe mode, not an
 * error at all) rather than a 400.
 */
public final class ProfileErrors {

    private static final Set<String> DUPLICATE_KEYS = Set.of(Messages.EMAIL_EXISTS, Messages.USERNAME_EXISTS);

    private final KeycloakMessages messages;
    private final boolean emailAsUsername;
    private final List<FieldError> errors = new ArrayList<>();
    private boolean duplicate;

    public ProfileErrors(KeycloakMessages messages, RealmModel realm) {
        this.messages = messages;
        this.emailAsUsername = realm.isRegistrationEmailAsUsername();
    }

    public ProfileErrors add(ValidationException exception) {
        for (ValidationException.Error error : exception.getErrors()) {
            if (DUPLICATE_KEYS.contains(error.getMessage())) {
                duplicate = true;
                continue;
            }
            String field = field(error.getAttribute());
            String message = messages.format(error.getMessage(), error.getMessageParameters());
            if (errors.stream()
                    .noneMatch(e -> e.field().equals(field) && e.message().equals(message))) {
                errors.add(new FieldError(field, message));
            }
        }
        return this;
    }

    public ProfileErrors add(String field, PolicyError error) {
        if (error != null) {
            errors.add(new FieldError(field, messages.format(error.getMessage(), error.getParameters())));
        }
        return this;
    }

    /** When the e-mail is the username, Keycloak reports the username; the API's callers only know the e-mail. */
    private String field(String attribute) {
        if (attribute == null) {
            return "body";
        }
        return emailAsUsername && UserModel.USERNAME.equals(attribute) ? UserModel.EMAIL : attribute;
    }

    public boolean duplicate() {
        return duplicate;
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public void throwIfErrors() {
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
    }

    /** 409: the address belongs to another account. */
    public static ProblemException emailTaken() {
        return Problem.of(
                        "email-taken", Response.Status.CONFLICT, "An account with this e-mail address already exists.")
                .withErrors(List.of(new FieldError(UserModel.EMAIL, "This e-mail address is already in use.")))
                .toException();
    }
}
