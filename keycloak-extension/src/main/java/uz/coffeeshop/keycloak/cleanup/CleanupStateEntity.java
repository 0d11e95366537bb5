package uz.coffeeshop.keycloak.cleanup;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The cleanup's state of one realm, one row of {@code COFFEE_CLEANUP_STATE} (created by {@code
 * META-INF/coffee-cleanup-changelog.xml}): the last report and the history ({@link CleanupState}).
 *
 * <p>Why a table of its own and not realm attributes: a realm attribute is the admins'. The console's realm save
 * sends every attribute back, so it would write a stale report back over a newer one, and every report would
 * invalidate the cached realm on every node. This row is read and written by the cleanup alone, never cached; a
 * write locks it first ({@code FOR UPDATE}), since Hibernate writes every column of the row back. JSON columns are CLOB (TEXT on
 * PostgreSQL) read as plain strings: no {@code @Lob}, which Hibernate would map to large objects on PostgreSQL.
 */
@Entity
@Table(name = "COFFEE_CLEANUP_STATE")
public class CleanupStateEntity {

    @Id
    @Column(name = "REALM_ID", length = 36)
    String realmId;

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
