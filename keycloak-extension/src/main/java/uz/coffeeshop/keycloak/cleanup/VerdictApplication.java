package uz.coffeeshop.keycloak.cleanup;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.models.UserModel;
import uz.coffeeshop.keycloak.config.ShopTimeZone;

/**
 * Carries out one verdict on a locked user: a deletion joins the batch's {@link DueRemovals} (carried out once the
 * batch is judged), a reminder goes at once; a dry run only counts. The report line carries the deadline of the
 * verdict, which for a user reminded now is the later one the reminder announces.
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
            CleanupTally tally,
            DueRemovals removals) {
        switch (verdict.action()) {
            case SKIP -> tally.skip(verdict.rule());
            case WAIT -> {}
            case DELETE -> {
                if (tally.dry) {
                    tally.deleted++;
                    tally.user(line(in, user.getId(), user.getEmail(), "deleted", verdict));
                } else {
                    removals.add(user, policy, verdict);
                }
            }
            case REMIND -> remind(in, user, verdict, tally);
        }
    }

    private void remind(RunScope.RealmSession in, UserModel user, CleanupVerdict verdict, CleanupTally tally) {
        if (!tally.dry) {
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

    static CleanupReport.UserLine line(
            RunScope.RealmSession in, String id, String email, String action, CleanupVerdict verdict) {
        return new CleanupReport.UserLine(id, email, action, ShopTimeZone.format(verdict.deadline(), in.realm()));
    }
}
