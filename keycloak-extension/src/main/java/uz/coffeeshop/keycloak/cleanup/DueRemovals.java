package uz.coffeeshop.keycloak.cleanup;

import java.util.ArrayList;
import java.util.List;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;

/**
 * The users a batch found due, removed together once the batch is judged, the {@link Removal} way: each removed
 * user is then recorded as an admin event and counted. Within the batch's transaction, so a failure undoes both.
 */
final class DueRemovals {

    private final RunScope scope;
    private final RunScope.RealmSession in;
    private final Removal removal;
    private final List<Due> due = new ArrayList<>();

    DueRemovals(RunScope scope, RunScope.RealmSession in, Removal removal) {
        this.scope = scope;
        this.in = in;
        this.removal = removal;
    }

    void add(UserModel user, CleanupPolicy policy, CleanupVerdict verdict) {
        due.add(new Due(user, user.getId(), user.getEmail(), policy, verdict));
    }

    void carryOut(CleanupTally tally) {
        List<Due> removed = switch (removal) {
            case BATCH -> {
                BatchRemoval.remove(
                        in.session(), in.realm(), due.stream().map(Due::user).toList());
                yield due;
            }
            case KEYCLOAK -> {
                UserManager users = new UserManager(in.session());
                yield due.stream()
                        .filter(one -> users.removeUser(in.realm(), one.user()))
                        .toList();
            }
        };
        for (Due one : removed) {
            String reason =
                    "e-mail address never verified; deadline " + one.verdict().deadline() + " (lifetime "
                            + one.policy().lifetime().toMinutes() + " min) passed";
            DeletionAudit.deleted(in.session(), in.realm(), scope.actor(), one.id(), one.email(), reason);
            tally.deleted++;
            tally.user(VerdictApplication.line(in, one.id(), one.email(), "deleted", one.verdict()));
        }
    }

    private record Due(UserModel user, String id, String email, CleanupPolicy policy, CleanupVerdict verdict) {}
}
