package uz.coffeeshop.keycloak.cleanup;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.RoleUtils;
import uz.coffeeshop.keycloak.cleanup.UserFacts.Fact;

/**
 * Who the cleanup reads, straight from Keycloak's tables, read-only: the candidates of a realm, signed up (the
 * {@link SignUpMark}), never verified, created early enough to be due or in the reminder window, page by page in
 * id order after the last one seen (keyset paging, so each page costs the same and memory holds one page). The
 * facts the rules need come in the same query, one named column per {@link Fact}, the admin role's grants from
 * Keycloak's model; a batch reads them once more under its row locks before it acts, and removes through
 * Keycloak's own API, never here.
 *
 * <p>Why SQL and not {@code UserProvider.searchForUserStream}: the search API cannot filter on creation time or
 * attributes' presence, so a run with nothing to delete would page through every unverified user of the realm.
 *
 * <p>On PostgreSQL a deleting batch locks its rows {@code FOR UPDATE SKIP LOCKED}: a manual run and the scheduled
 * one, or two nodes, never work on the same user at once.
 */
final class DeletionCandidates {

    static final String EXEMPT_ATTRIBUTE = "cleanupExempt";

    /** The facts the database can tell, each as a SQL condition on the user row {@code u}. */
    private static final Map<Fact, String> FACT_CONDITIONS = facts();

    /** Who may be a candidate at all: signed up, never verified, created early enough to be due or reminded. */
    private static final String CANDIDATES = """

            FROM USER_ENTITY u
            WHERE u.REALM_ID = :realm AND u.EMAIL_VERIFIED = :verified
              AND u.CREATED_TIMESTAMP <= :latest
              AND EXISTS (SELECT 1 FROM USER_ATTRIBUTE s WHERE s.USER_ID = u.ID AND s.NAME = :signedUp)
            """;

    private static final String SELECT = "SELECT u.ID,"
            + " (SELECT MIN(m.VALUE) FROM USER_ATTRIBUTE m WHERE m.USER_ID = u.ID AND m.NAME = :signedUp),"
            + " (SELECT MIN(r.VALUE) FROM USER_ATTRIBUTE r WHERE r.USER_ID = u.ID AND r.NAME = :reminded),"
            + FACT_CONDITIONS.values().stream()
                    .map(condition -> " CASE WHEN " + condition + " THEN 1 ELSE 0 END")
                    .collect(Collectors.joining(","))
            + CANDIDATES
            + " AND u.ID > :after";

    /** A rule the database can tell holds: such users are counted by {@link #protectedOnes}, not read. */
    private static final String PROTECTED = FACT_CONDITIONS.values().stream()
            .map(condition -> "(" + condition + ")")
            .collect(Collectors.joining(" OR ", "(", ")"));

    /** The first rule that protects a user, as the report names it: the order of {@link NeverDeleteRule#IN_ORDER}. */
    private static final String FIRST_PROTECTING = NeverDeleteRule.IN_ORDER.stream()
            .filter(rule -> rule.fact().filter(FACT_CONDITIONS::containsKey).isPresent())
            .map(rule -> " WHEN " + FACT_CONDITIONS.get(rule.fact().get()) + " THEN '" + rule.key() + "'")
            .collect(Collectors.joining("", "CASE", " END"));

    private static volatile String databaseProduct;

    private DeletionCandidates() {}

    private static Map<Fact, String> facts() {
        Map<Fact, String> facts = new LinkedHashMap<>();
        facts.put(
                Fact.EVER_VERIFIED,
                "EXISTS (SELECT 1 FROM USER_ATTRIBUTE a WHERE a.USER_ID = u.ID AND a.NAME = :everVerified)");
        facts.put(Fact.SERVICE_ACCOUNT, "u.SERVICE_ACCOUNT_CLIENT_LINK IS NOT NULL");
        facts.put(Fact.FEDERATED, "u.FEDERATION_LINK IS NOT NULL");
        facts.put(Fact.IDENTITY_PROVIDER_LINK, "EXISTS (SELECT 1 FROM FEDERATED_IDENTITY f WHERE f.USER_ID = u.ID)");
        facts.put(
                Fact.EXEMPT,
                "EXISTS (SELECT 1 FROM USER_ATTRIBUTE a WHERE a.USER_ID = u.ID AND a.NAME = :exempt"
                        + " AND LOWER(a.VALUE) = 'true')");
        facts.put(
                Fact.ADMIN,
                "(EXISTS (SELECT 1 FROM USER_ROLE_MAPPING m WHERE m.USER_ID = u.ID AND m.ROLE_ID IN (:adminRoles))"
                        + " OR EXISTS (SELECT 1 FROM USER_GROUP_MEMBERSHIP g WHERE g.USER_ID = u.ID"
                        + " AND g.GROUP_ID IN (:adminGroups)))");
        return facts;
    }

    /** One page of the reader: the users that may be due, where the next page starts, and whether it was the last. */
    record Page(List<String> due, String lastId, boolean last, CleanupTally tally) {}

    /**
     * The candidates the database knows a rule protects, counted as examined and skipped by their first rule, in
     * one aggregate query for the whole realm instead of judging each of them.
     */
    static CleanupTally protectedOnes(RunScope scope) {
        return scope.withResult(in -> {
            CleanupTally tally = new CleanupTally();
            Optional<Instant> latest = latest(scope, in);
            if (latest.isPresent()) {
                EntityManager em = em(in);
                withoutJit(em);
                String sql = "SELECT t.REASON, COUNT(*) FROM (SELECT " + FIRST_PROTECTING + " AS REASON" + CANDIDATES
                        + " AND " + PROTECTED + ") t GROUP BY t.REASON";
                @SuppressWarnings("unchecked")
                List<Object[]> rows = bind(
                                em.createNativeQuery(sql),
                                in.realm(),
                                latest.get().toEpochMilli())
                        .getResultList();
                rows.forEach(row -> tally.skipAfterCount(row[0].toString().trim(), ((Number) row[1]).longValue()));
            }
            return tally;
        });
    }

    /**
     * The next page of candidates after {@code after} that no rule the database can tell protects, read without
     * locks in a short transaction of its own: counted as examined, the protected ones settled, the ones that may be
     * due (to delete or remind) handed back; the users that must wait are left alone. A realm full of protected
     * sign-ups costs one count in {@link #protectedOnes}, not a page of reading and judging per hundred of them.
     */
    static Page page(RunScope scope, String after) {
        int size = scope.options().batchSize();
        return scope.withResult(in -> {
            CleanupTally tally = new CleanupTally();
            Optional<Instant> latest = latest(scope, in);
            if (latest.isEmpty()) {
                return new Page(List.of(), after, true, tally);
            }
            EntityManager em = em(in);
            withoutJit(em);
            String sql = SELECT + " AND NOT " + PROTECTED + " ORDER BY u.ID" + limit(product(em), size);
            List<UserFacts> candidates = facts(
                    bind(em.createNativeQuery(sql), in.realm(), latest.get().toEpochMilli())
                            .setParameter("reminded", VerificationReminder.SENT_ATTRIBUTE)
                            .setParameter("after", after));
            CleanupPolicy policy = scope.policy(in.realm());
            Instant now = RunScope.now();
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

    /**
     * The batch's second look: the candidates among {@code ids}, protected or not, so that what changed since the
     * read is judged and reported; {@code lock} locks the rows for a batch that changes them, skipping rows another
     * run holds.
     */
    static List<UserFacts> locked(
            EntityManager em, RealmModel realm, long createdNoLaterThan, Collection<String> ids, boolean lock) {
        withoutJit(em);
        String product = product(em);
        String sql = SELECT + " AND u.ID IN (:only) ORDER BY u.ID"
                + (lock && product.contains("postgres") ? " FOR UPDATE OF u SKIP LOCKED" : "");
        return facts(bind(em.createNativeQuery(sql), realm, createdNoLaterThan)
                .setParameter("reminded", VerificationReminder.SENT_ATTRIBUTE)
                .setParameter("after", "")
                .setParameter("only", ids));
    }

    /** Accounts created after this are neither due nor in their reminder window; empty when the cleanup is off. */
    private static Optional<Instant> latest(RunScope scope, RunScope.RealmSession in) {
        if (in.realm() == null) {
            return Optional.empty();
        }
        CleanupPolicy policy = scope.policy(in.realm());
        return policy.enabled() ? policy.createdNoLaterThan(RunScope.now()) : Optional.empty();
    }

    private static EntityManager em(RunScope.RealmSession in) {
        return in.session().getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** The parameters of {@link #CANDIDATES} and of the fact conditions. */
    private static Query bind(Query query, RealmModel realm, long createdNoLaterThan) {
        AdminGrants admin = AdminGrants.of(realm);
        return query.setParameter("signedUp", SignUpMark.ATTRIBUTE)
                .setParameter("exempt", EXEMPT_ATTRIBUTE)
                .setParameter("everVerified", EverVerifiedMarker.ATTRIBUTE)
                .setParameter("adminRoles", admin.roles())
                .setParameter("adminGroups", admin.groups())
                .setParameter("realm", realm.getId())
                .setParameter("verified", false)
                .setParameter("latest", createdNoLaterThan);
    }

    /**
     * Who holds the realm's {@code admin} role, as ids the database can match: the roles that grant it (itself and
     * every realm or client role that includes it, however deep) and the groups that grant it (mapped to such a role
     * themselves or through a parent), asked of Keycloak's model with each query, so that a grant since the last
     * batch counts. This is {@code UserModel.hasRole} for the whole batch at once, instead of two queries per user.
     */
    private record AdminGrants(List<String> roles, List<String> groups) {

        /** No id Keycloak gives: SQL has no empty {@code IN} list. */
        private static final List<String> NONE = List.of("");

        static AdminGrants of(RealmModel realm) {
            RoleModel admin = realm.getRole(UserFacts.ADMIN_ROLE);
            if (admin == null) {
                return new AdminGrants(NONE, NONE);
            }
            List<String> roles = Stream.concat(
                            realm.getRolesStream(), realm.getClientsStream().flatMap(ClientModel::getRolesStream))
                    .filter(role -> role.hasRole(admin))
                    .map(RoleModel::getId)
                    .toList();
            List<String> groups = realm.getGroupsStream()
                    .filter(group -> RoleUtils.hasRoleFromGroup(group, admin, true))
                    .map(GroupModel::getId)
                    .toList();
            return new AdminGrants(roles, groups.isEmpty() ? NONE : groups);
        }
    }

    private static List<UserFacts> facts(Query query) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        List<UserFacts> users = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Set<Fact> facts = EnumSet.noneOf(Fact.class);
            int column = 3;
            for (Fact fact : FACT_CONDITIONS.keySet()) {
                if (flag(row[column++])) {
                    facts.add(fact);
                }
            }
            users.add(new UserFacts((String) row[0], millis(row[1]), millis(row[2]), facts));
        }
        return users;
    }

    /**
     * On PostgreSQL, no JIT compilation for the rest of the transaction. Its planner over-estimates these queries
     * (every row's {@code EXISTS} sub-plans) past {@code jit_above_cost} and {@code jit_optimize_above_cost}, and
     * compiling then costs more than running (over 100,000 users, most of the protected-users count's time is JIT, as
     * {@code auto_explain} shows). Each of these queries runs once per page, so compiled code never pays back.
     * Through the JDBC connection, not a native query: Hibernate would flush before it.
     */
    private static void withoutJit(EntityManager em) {
        if (product(em).contains("postgres")) {
            em.runWithConnection((Connection connection) -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET LOCAL jit = off");
                }
            });
        }
    }

    private static String limit(String product, int limit) {
        // A literal (validated int): Hibernate's setMaxResults would append its LIMIT after our FOR UPDATE.
        return product.contains("oracle") || product.contains("microsoft")
                ? " OFFSET 0 ROWS FETCH NEXT " + limit + " ROWS ONLY"
                : " LIMIT " + limit;
    }

    private static Optional<Instant> millis(Object value) {
        return UserFacts.epochMillis(value == null ? null : value.toString());
    }

    private static boolean flag(Object value) {
        return value instanceof Number number ? number.intValue() != 0 : Boolean.TRUE.equals(value);
    }

    private static String product(EntityManager em) {
        String product = databaseProduct;
        if (product == null) {
            product = em.callWithConnection(
                            (Connection connection) -> connection.getMetaData().getDatabaseProductName())
                    .toLowerCase(Locale.ROOT);
            databaseProduct = product;
        }
        return product;
    }
}
