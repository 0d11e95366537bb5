package uz.coffeeshop.keycloak.cleanup;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.sql.Connection;
import java.sql.Statement;
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
import org.keycloak.models.UserModel;
import uz.coffeeshop.keycloak.cleanup.UserFacts.Fact;

/**
 * The next batch of possible candidates of a realm, straight from Keycloak's tables: signed up (the {@link
 * SignUpMark}), never verified, created early enough to be due or in the reminder window, ordered by id after the
 * last one seen (keyset paging, so each batch costs the same and memory holds one batch). The facts the rules need
 * come in the same query, one named column per {@link Fact}; the task checks the user model once more before it
 * acts.
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

    /** A rule the database can tell holds: such users are counted by {@link #protectedByRule}, not read. */
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
        return facts;
    }

    /**
     * The page reader's next {@code limit} candidates after {@code afterId} that no rule the database can tell
     * protects: a realm full of protected sign-ups (exempt, say) costs one count, not a page of reading and judging
     * per hundred of them (6.8 s over 100,000 users before). {@link #protectedByRule} counts those left out.
     */
    static List<UserFacts> unprotected(
            EntityManager em, String realmId, long createdNoLaterThan, String afterId, int limit) {
        withoutJit(em);
        String sql = SELECT + " AND NOT " + PROTECTED + " ORDER BY u.ID" + limit(product(em), limit);
        return facts(bind(em.createNativeQuery(sql), realmId, createdNoLaterThan)
                .setParameter("reminded", VerificationReminder.SENT_ATTRIBUTE)
                .setParameter("after", afterId));
    }

    /**
     * How many candidates each rule the database can tell protects, by the first that does (the report's "skipped"):
     * one aggregate query for the whole realm instead of judging each of them in Java.
     */
    static Map<String, Long> protectedByRule(EntityManager em, String realmId, long createdNoLaterThan) {
        withoutJit(em);
        String sql = "SELECT t.REASON, COUNT(*) FROM (SELECT " + FIRST_PROTECTING + " AS REASON" + CANDIDATES + " AND "
                + PROTECTED + ") t GROUP BY t.REASON";
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                bind(em.createNativeQuery(sql), realmId, createdNoLaterThan).getResultList();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Object[] row : rows) {
            counts.put(row[0].toString().trim(), ((Number) row[1]).longValue());
        }
        return counts;
    }

    /**
     * The batch worker's second look: the candidates among {@code onlyIds} (a batch the reader found, or the retry
     * of one user), protected or not, so that what changed since the read is judged and reported; {@code lock}
     * locks the rows for a run that changes them, skipping rows another run holds.
     */
    static List<UserFacts> next(
            EntityManager em,
            String realmId,
            long createdNoLaterThan,
            String afterId,
            Collection<String> onlyIds,
            int limit,
            boolean lock) {
        withoutJit(em);
        String product = product(em);
        String sql = SELECT
                + (onlyIds == null ? "" : " AND u.ID IN (:only)")
                + " ORDER BY u.ID"
                + limit(product, limit)
                + (lock && product.contains("postgres") ? " FOR UPDATE OF u SKIP LOCKED" : "");
        Query query = bind(em.createNativeQuery(sql), realmId, createdNoLaterThan)
                .setParameter("reminded", VerificationReminder.SENT_ATTRIBUTE)
                .setParameter("after", afterId);
        if (onlyIds != null) {
            query.setParameter("only", onlyIds);
        }
        return facts(query);
    }

    /** The parameters of {@link #CANDIDATES} and of the fact conditions. */
    private static Query bind(Query query, String realmId, long createdNoLaterThan) {
        return query.setParameter("signedUp", SignUpMark.ATTRIBUTE)
                .setParameter("exempt", EXEMPT_ATTRIBUTE)
                .setParameter("everVerified", EverVerifiedMarker.ATTRIBUTE)
                .setParameter("realm", realmId)
                .setParameter("verified", false)
                .setParameter("latest", createdNoLaterThan);
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
     * Accounts of an upgraded realm created before {@code before} without a sign-up mark that the rules of before
     * the marks made candidates: never verified, the verify-e-mail action pending, local (no service account, no
     * federation or identity-provider link), never verified before. Keyset paging on the id.
     */
    static List<String> legacySignUps(EntityManager em, String realmId, long before, String afterId, int limit) {
        withoutJit(em);
        String sql = """
                SELECT u.ID FROM USER_ENTITY u
                WHERE u.REALM_ID = :realm AND u.EMAIL_VERIFIED = :verified AND u.CREATED_TIMESTAMP < :before
                  AND u.ID > :after AND u.SERVICE_ACCOUNT_CLIENT_LINK IS NULL AND u.FEDERATION_LINK IS NULL
                  AND EXISTS (SELECT 1 FROM USER_REQUIRED_ACTION r WHERE r.USER_ID = u.ID
                              AND r.REQUIRED_ACTION = :verifyEmail)
                  AND NOT EXISTS (SELECT 1 FROM FEDERATED_IDENTITY f WHERE f.USER_ID = u.ID)
                  AND NOT EXISTS (SELECT 1 FROM USER_ATTRIBUTE a WHERE a.USER_ID = u.ID
                                  AND a.NAME IN (:signedUp, :everVerified))
                ORDER BY u.ID
                """ + limit(product(em), limit);
        @SuppressWarnings("unchecked")
        List<String> ids = em.createNativeQuery(sql)
                .setParameter("realm", realmId)
                .setParameter("verified", false)
                .setParameter("before", before)
                .setParameter("after", afterId)
                .setParameter("verifyEmail", UserModel.RequiredAction.VERIFY_EMAIL.name())
                .setParameter("signedUp", SignUpMark.ATTRIBUTE)
                .setParameter("everVerified", EverVerifiedMarker.ATTRIBUTE)
                .getResultList();
        return ids;
    }

    /** Ids of verified users of the realm who do not carry the ever-verified marker yet (keyset paging). */
    static List<String> verifiedWithoutMarker(EntityManager em, String realmId, String afterId, int limit) {
        withoutJit(em);
        String sql = """
                SELECT u.ID FROM USER_ENTITY u
                WHERE u.REALM_ID = :realm AND u.EMAIL_VERIFIED = :verified AND u.ID > :after
                  AND NOT EXISTS (SELECT 1 FROM USER_ATTRIBUTE a WHERE a.USER_ID = u.ID AND a.NAME = :everVerified)
                ORDER BY u.ID
                """ + limit(product(em), limit);
        @SuppressWarnings("unchecked")
        List<String> ids = em.createNativeQuery(sql)
                .setParameter("realm", realmId)
                .setParameter("verified", true)
                .setParameter("after", afterId)
                .setParameter("everVerified", EverVerifiedMarker.ATTRIBUTE)
                .getResultList();
        return ids;
    }

    /**
     * On PostgreSQL, no JIT compilation for the rest of the transaction. Its planner over-estimates these queries
     * (every row's {@code EXISTS} sub-plans) past {@code jit_above_cost} and {@code jit_optimize_above_cost}, and
     * compiling then costs more than running: the protected-users count over 100,000 users spent 902 of its 1186 ms
     * in JIT (auto_explain, 2026-12-02). Each of these queries runs once per page, so compiled code never pays back.
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

    private static Optional<java.time.Instant> millis(Object value) {
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
