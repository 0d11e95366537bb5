package uz.coffeeshop.keycloak.cleanup;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.UserModel;

/**
 * What a run does before it judges anyone: the ever-verified marker for verified users who lack it (accounts from
 * before the {@link EverVerifiedMarker}), and, once per realm upgraded from before the {@link SignUpMark}, the
 * decision on its older accounts. Those are marked as signed up when the rules of before made them candidates
 * (never verified, the verify-e-mail action pending, local, no identity-provider link), counted from their
 * creation; every other older account stays unmarked, so never a candidate. {@value
 * SwitchOnStamp#LEGACY_DECIDED_ATTRIBUTE} records that it is done. Dry runs change nothing, so they skip both.
 */
final class LegacySignUps {

    private static final Logger LOG = Logger.getLogger(LegacySignUps.class);
    /** At most this many verified users get their ever-verified marker per run (a one-off backfill spreads out). */
    private static final int MARKER_BATCHES_PER_RUN = 20;

    private final RunScope scope;

    LegacySignUps(RunScope scope) {
        this.scope = scope;
    }

    void prepare() {
        markVerifiedUsers();
        decideOlderAccounts();
    }

    private void markVerifiedUsers() {
        String after = "";
        int size = scope.options().batchSize();
        for (int i = 0; i < MARKER_BATCHES_PER_RUN; i++) {
            String from = after;
            List<String> ids = scope.withResult(in -> {
                List<String> page = DeletionCandidates.verifiedWithoutMarker(em(in), scope.realmId(), from, size);
                page.forEach(id ->
                        EverVerifiedMarker.markIfVerified(in.session().users().getUserById(in.realm(), id)));
                return page;
            });
            if (ids.size() < size) {
                return;
            }
            after = ids.get(ids.size() - 1);
        }
    }

    private void decideOlderAccounts() {
        Optional<Long> before = scope.withResult(
                in -> in.realm() == null || in.realm().getAttribute(SwitchOnStamp.LEGACY_DECIDED_ATTRIBUTE) != null
                        ? Optional.<Long>empty()
                        : UserFacts.epochMillis(in.realm().getAttribute(SwitchOnStamp.MARKS_SINCE_ATTRIBUTE))
                                .map(java.time.Instant::toEpochMilli));
        if (before.isEmpty()) {
            return;
        }
        int size = scope.options().batchSize();
        String after = "";
        long marked = 0;
        while (true) {
            String from = after;
            List<String> ids = scope.withResult(in -> {
                List<String> page = DeletionCandidates.legacySignUps(em(in), scope.realmId(), before.get(), from, size);
                for (String id : page) {
                    UserModel user = in.session().users().getUserById(in.realm(), id);
                    if (user != null) {
                        SignUpMark.mark(user);
                    }
                }
                return page;
            });
            marked += ids.size();
            if (ids.size() < size) {
                break;
            }
            after = ids.get(ids.size() - 1);
        }
        scope.inTransaction(in -> in.realm()
                .setAttribute(SwitchOnStamp.LEGACY_DECIDED_ATTRIBUTE, String.valueOf(Time.currentTimeMillis())));
        LOG.infof(
                "Realm %s: decided the accounts from before the sign-up marks: %d marked as signed up",
                scope.realmName(), marked);
    }

    private static EntityManager em(RunScope.RealmSession in) {
        return in.session().getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
