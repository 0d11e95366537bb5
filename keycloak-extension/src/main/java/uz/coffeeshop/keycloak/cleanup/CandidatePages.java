package uz.coffeeshop.keycloak.cleanup;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.keycloak.connections.jpa.JpaConnectionProvider;

/**
 * The page reader of a run: the realm's candidates page by page (keyset paging on the id, no locks), each page in a
 * short transaction. It counts them as examined, settles the ones a rule protects and hands back the ids that may
 * be due (to delete or remind); the users that must wait are left alone. The candidates a rule the database can
 * tell protects are not read at all: {@link #protectedOnes()} counts them, by rule, in one query.
 */
final class CandidatePages {

    /** One page: the users that may be due, where the next page starts, and whether this was the last. */
    record Page(List<String> due, String lastId, boolean last, CleanupTally tally) {}

    private final RunScope scope;

    CandidatePages(RunScope scope) {
        this.scope = scope;
    }

    /** The candidates the database knows a rule protects, counted as examined and skipped by their first rule. */
    CleanupTally protectedOnes() {
        return scope.withResult(in -> {
            CleanupTally tally = new CleanupTally();
            if (in.realm() == null) {
                return tally;
            }
            CleanupPolicy policy = scope.policy(in.realm());
            Optional<Instant> latest = policy.createdNoLaterThan(RunScope.now());
            if (!policy.enabled() || latest.isEmpty()) {
                return tally;
            }
            EntityManager em =
                    in.session().getProvider(JpaConnectionProvider.class).getEntityManager();
            DeletionCandidates.protectedByRule(em, scope.realmId(), latest.get().toEpochMilli())
                    .forEach(tally::skipAfterCount);
            return tally;
        });
    }

    Page after(String after) {
        int size = scope.options().batchSize();
        return scope.withResult(in -> {
            CleanupTally tally = new CleanupTally();
            if (in.realm() == null) {
                return new Page(List.of(), after, true, tally);
            }
            CleanupPolicy policy = scope.policy(in.realm());
            Instant now = RunScope.now();
            Optional<Instant> latest = policy.createdNoLaterThan(now);
            if (!policy.enabled() || latest.isEmpty()) {
                return new Page(List.of(), after, true, tally);
            }
            EntityManager em =
                    in.session().getProvider(JpaConnectionProvider.class).getEntityManager();
            List<UserFacts> candidates = DeletionCandidates.unprotected(
                    em, scope.realmId(), latest.get().toEpochMilli(), after, size);
            List<String> due = new ArrayList<>();
            for (UserFacts candidate : candidates) {
                tally.examined++;
                CleanupVerdict verdict = CleanupVerdict.of(candidate, policy, now);
                switch (verdict.action()) {
                    case SKIP -> tally.skip(verdict.rule());
                    case WAIT -> {}
                    case DELETE, REMIND -> due.add(candidate.id());
                }
            }
            String last = candidates.isEmpty()
                    ? after
                    : candidates.get(candidates.size() - 1).id();
            return new Page(due, last, candidates.size() < size, tally);
        });
    }
}
