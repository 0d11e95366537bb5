package uz.coffeeshop.keycloak.bootstrap;

import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;

/**
 * The first admin of a realm as the environment asks for it: a verified, enabled user whose username is the
 * e-mail, with the realm role {@code admin} and the given password, which must pass the realm's password
 * policy. Idempotent: an existing user with that e-mail is left exactly as it is (its password is not reset and
 * a later demotion is not undone), so a restart with the same variables changes nothing.
 */
record FirstAdmin(String realm, String email, String password) {

    static final String ADMIN_ROLE = "admin";

    private static final Logger LOG = Logger.getLogger(FirstAdmin.class);

    /** Both variables set and non-blank, or nothing (one without the other is logged, never guessed). */
    static Optional<FirstAdmin> fromEnvironment(String realm, String email, String password) {
        boolean hasEmail = email != null && !email.isBlank();
        boolean hasPassword = password != null && !password.isEmpty();
        if (hasEmail && hasPassword) {
            return Optional.of(new FirstAdmin(realm, email.trim().toLowerCase(Locale.ROOT), password));
        }
        if (hasEmail || hasPassword) {
            LOG.warnf(
                    "%s and %s must be set together: no first admin is created",
                    FirstAdminBootstrapFactory.EMAIL_VARIABLE, FirstAdminBootstrapFactory.PASSWORD_VARIABLE);
        }
        return Optional.empty();
    }

    /** Never the password, wherever a record would be printed. */
    @Override
    public String toString() {
        return "FirstAdmin[realm=" + realm + ", email=" + email + "]";
    }

    void ensure(KeycloakSession session) {
        RealmModel target = session.realms().getRealmByName(realm);
        if (target == null) {
            LOG.warnf("Realm %s does not exist: its first admin %s is not created", realm, email);
            return;
        }
        if (session.users().getUserByEmail(target, email) != null
                || session.users().getUserByUsername(target, email) != null) {
            LOG.debugf("The first admin %s of realm %s exists already", email, realm);
            return;
        }
        RoleModel admin = target.getRole(ADMIN_ROLE);
        if (admin == null) {
            LOG.errorf("Realm %s has no role %s: its first admin %s is not created", realm, ADMIN_ROLE, email);
            return;
        }
        session.getContext().setRealm(target);
        UserModel user = session.users().addUser(target, email);
        user.setEmail(email);
        user.setEmailVerified(true);
        user.setEnabled(true);
        user.grantRole(admin);
        PolicyError weak =
                session.getProvider(PasswordPolicyManagerProvider.class).validate(target, user, password);
        if (weak != null) {
            session.getTransactionManager().setRollbackOnly();
            LOG.errorf(
                    "%s does not meet the password policy of realm %s (%s): the first admin %s is not created",
                    FirstAdminBootstrapFactory.PASSWORD_VARIABLE, realm, weak.getMessage(), email);
            return;
        }
        user.credentialManager().updateCredential(UserCredentialModel.password(password, false));
        LOG.infof("Created the first admin %s of realm %s", email, realm);
    }
}
