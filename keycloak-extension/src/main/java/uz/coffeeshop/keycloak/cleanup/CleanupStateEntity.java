package uz.coffeeshop.keycloak.cleanup;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The cleanup's state of one realm, one row of {@code COFFEE_CLEANUP_STATE} (created by {@code
 * META-INF/coffee-cleanup-changelog.xml}): the run lock ({@link RealmRunLock}), the run under way, the last report
 * and the history ({@link ReportStore}).
 *
 * <p>Why a table of its own and not realm attributes, where it lived before: a realm attribute is the admins'. The
 * console's realm save sends every attribute back, so it wrote a stale lease and "running" mark back after the run
 * had ended, and when it raced the run giving its lease back, one of the two deleted a row the other was updating:
 * an {@code OptimisticLockException}, answered 500 to the admin. Every lease renewal and report also invalidated the
 * cached realm on every node. This row is read and written by the cleanup alone, never cached; a write locks it
 * first ({@code FOR UPDATE}), since Hibernate writes every column of the row back. JSON columns are CLOB (TEXT on
 * PostgreSQL) read as plain strings: no {@code @Lob}, which Hibernate would map to large objects on PostgreSQL.
 */
@Entity
@Table(name = "COFFEE_CLEANUP_STATE")
public class CleanupStateEntity {

    @Id
    @Column(name = "REALM_ID", length = 36)
    String realmId;

    /** Who holds the realm's run lock ({@code runId/node}); null when nobody does. */
    @Column(name = "LOCK_TOKEN")
    String lockToken;

    /** Until when the lock holds unless renewed: epoch milliseconds of the wall clock. */
    @Column(name = "LOCK_UNTIL")
    Long lockUntil;

    /** The run under way ({@link RunningRun} as JSON), for runs that change users. */
    @Column(name = "RUNNING")
    String running;

    /** The last report ({@link CleanupReport} as JSON, its user list capped). */
    @Column(name = "LAST_REPORT")
    String lastReport;

    /** The summaries of the last runs, newest first (JSON array). */
    @Column(name = "HISTORY")
    String history;

    public CleanupStateEntity() {}

    CleanupStateEntity(String realmId) {
        this.realmId = realmId;
    }
}
