package uz.coffeeshop.keycloak.cleanup;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import uz.coffeeshop.keycloak.config.ShopTimeZone;

/**
 * Carries out one verdict on a locked user: a deletion through Keycloak's own {@code UserManager.removeUser} (as the
 * admin API does) recorded as an admin event, or the reminder; a dry run only counts. The report line carries the
 * deadline of the verdict, which for a user reminded now is the later one the reminder announces.
 */
final class VerdictApplication {

    private static final Logger LOG = Logger.getLogger(VerdictApplication.class);

    private final RunScope scope;

    VerdictApplication(RunScope scope) {
        this.scope = scope;
    }

    void apply(
            RunScope.RealmSession in,
            CleanupPolicy policy,
            UserModel user,
            CleanupVerdict verdict,
            CleanupTally tally) {
        switch (verdict.action()) {
            case SKIP -> tally.skip(verdict.rule());
            case WAIT -> {}
            case DELETE -> delete(in, policy, user, verdict, tally);
            case REMIND -> remind(in, user, verdict, tally);
        }
    }

    private void delete(
            RunScope.RealmSession in,
            CleanupPolicy policy,
            UserModel user,
            CleanupVerdict verdict,
            CleanupTally tally) {
        String id = user.getId();
        String email = user.getEmail();
        if (!scope.dryRun()) {
            if (!new UserManager(in.session()).removeUser(in.realm(), user)) {
                return;
            }
            String reason = "e-mail address never verified; deadline " + verdict.deadline() + " (lifetime "
                    + policy.lifetime().toMinutes() + " min) passed";
            DeletionAudit.deleted(in.session(), in.realm(), scope.actor(), id, email, reason);
        }
        tally.deleted++;
        tally.user(line(in, id, email, "deleted", verdict));
    }

    private void remind(RunScope.RealmSession in, UserModel user, CleanupVerdict verdict, CleanupTally tally) {
        if (!scope.dryRun()) {
            try {
                VerificationReminder.send(in.session(), in.realm(), user, verdict.deadline());
            } catch (EmailException e) {
                // Not reminded, so not deleted either: the next run tries again.
                LOG.warnf("Realm %s: reminder to user %s failed: %s", scope.realmName(), user.getId(), e.getMessage());
                tally.error("reminder to " + user.getId() + ": " + CleanupRun.rootMessage(e));
                return;
            }
        }
        tally.reminded++;
        tally.user(line(in, user.getId(), user.getEmail(), "reminded", verdict));
    }

    private static CleanupReport.UserLine line(
            RunScope.RealmSession in, String id, String email, String action, CleanupVerdict verdict) {
        return new CleanupReport.UserLine(id, email, action, ShopTimeZone.format(verdict.deadline(), in.realm()));
    }
}
