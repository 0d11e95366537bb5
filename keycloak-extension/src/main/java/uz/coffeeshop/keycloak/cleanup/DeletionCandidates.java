package uz.coffeeshop.keycloak.cleanup;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.sql.Connection;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.keycloak.models.UserModel;

/**
 * The next batch of possible candidates of a realm, straight from Keycloak's tables: never verified, created early
 * enough to be due or in the reminder window, ordered by id after the last one seen (keyset paging, so each batch
 * costs the same and memory holds one batch). The flags of every "never deletes" rule come in the same query; the
 * task decides on them and checks the user model once more before it deletes.
 *
 * <p>Why SQL and not {@code UserProvider.searchForUserStream}: the search API cannot filter on creation time or
 * required actions, so a run with nothing to delete would page through every unverified user of the realm.
 *
 * <p>On PostgreSQL a deleting batch locks its rows {@code FOR UPDATE SKIP LOCKED}: a manual run and the scheduled
 * one, or two nodes, never work on the same user at once.
 */
final class DeletionCandidates {

    static final String EXEMPT_ATTRIBUTE = "cleanupExempt";

    /** One row: the user and the facts the rules need. */
    record Candidate(
            String id,
            long createdMillis,
            boolean serviceAccount,
            boolean federated,
            boolean identityProviderLink,
            boolean exempt,
            boolean everVerified,
            boolean verifyEmailPending,
            boolean reminded) {}

    private static final String SELECT = """
            SELECT u.ID, u.CREATED_TIMESTAMP,
              CASE WHEN u.SERVICE_ACCOUNT_CLIENT_LINK IS NOT NULL THEN 1 ELSE 0 END,
              CASE WHEN u.FEDERATION_LINK IS NOT NULL THEN 1 ELSE 0 END,
              CASE WHEN EXISTS (SELECT 1 FROM FEDERATED_IDENTITY f WHERE f.USER_ID = u.ID) THEN 1 ELSE 0 END,
              CASE WHEN EXISTS (SELECT 1 FROM USER_ATTRIBUTE a WHERE a.USER_ID = u.ID
                                AND a.NAME = :exempt AND LOWER(a.VALUE) = 'true') THEN 1 ELSE 0 END,
              CASE WHEN EXISTS (SELECT 1 FROM USER_ATTRIBUTE a WHERE a.USER_ID = u.ID
                                AND a.NAME = :everVerified) THEN 1 ELSE 0 END,
              CASE WHEN EXISTS (SELECT 1 FROM USER_REQUIRED_ACTION r WHERE r.USER_ID = u.ID
                                AND r.REQUIRED_ACTION = :verifyEmail) THEN 1 ELSE 0 END,
              CASE WHEN EXISTS (SELECT 1 FROM USER_ATTRIBUTE a WHERE a.USER_ID = u.ID
                                AND a.NAME = :reminded) THEN 1 ELSE 0 END
            FROM USER_ENTITY u
            WHERE u.REALM_ID = :realm AND u.EMAIL_VERIFIED = :verified
              AND u.CREATED_TIMESTAMP <= :latest AND u.ID > :after
            """;

    private static volatile String databaseProduct;

    private DeletionCandidates() {}

    /**
     * Up to {@code limit} candidates with an id after {@code afterId}, among {@code onlyIds} when it is not null (a
     * batch the reader found, or the retry of one user); {@code lock} locks the rows for a run that changes them,
     * skipping rows another run holds.
     */
    static List<Candidate> next(
            EntityManager em,
            String realmId,
            long createdNoLaterThan,
            String afterId,
            Collection<String> onlyIds,
            int limit,
            boolean lock) {
        String product = product(em);
        String sql = SELECT
                + (onlyIds == null ? "" : " AND u.ID IN (:only)")
                + " ORDER BY u.ID"
                + limit(product, limit)
                + (lock && product.contains("postgres") ? " FOR UPDATE OF u SKIP LOCKED" : "");
        Query query = em.createNativeQuery(sql)
                .setParameter("exempt", EXEMPT_ATTRIBUTE)
                .setParameter("everVerified", EverVerifiedMarker.ATTRIBUTE)
                .setParameter("verifyEmail", UserModel.RequiredAction.VERIFY_EMAIL.name())
                .setParameter("reminded", VerificationReminder.SENT_ATTRIBUTE)
                .setParameter("realm", realmId)
                .setParameter("verified", false)
                .setParameter("latest", createdNoLaterThan)
                .setParameter("after", afterId);
        if (onlyIds != null) {
            query.setParameter("only", onlyIds);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream()
                .map(row -> new Candidate(
                        (String) row[0],
                        ((Number) row[1]).longValue(),
                        flag(row[2]),
                        flag(row[3]),
                        flag(row[4]),
                        flag(row[5]),
                        flag(row[6]),
                        flag(row[7]),
                        flag(row[8])))
                .toList();
    }

    /** Ids of verified users of the realm who do not carry the ever-verified marker yet (keyset paging). */
    static List<String> verifiedWithoutMarker(EntityManager em, String realmId, String afterId, int limit) {
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

    private static String limit(String product, int limit) {
        // A literal (validated int): Hibernate's setMaxResults would append its LIMIT after our FOR UPDATE.
        return product.contains("oracle") || product.contains("microsoft")
                ? " OFFSET 0 ROWS FETCH NEXT " + limit + " ROWS ONLY"
                : " LIMIT " + limit;
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
