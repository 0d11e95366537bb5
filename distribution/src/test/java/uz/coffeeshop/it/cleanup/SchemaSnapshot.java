package uz.coffeeshop.it.cleanup;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import uz.coffeeshop.it.support.TestDatabase;

/**
 * Every row of every table of Keycloak's schema at one moment, each row as its column values in text, so that two
 * moments can be compared as multisets of rows per table. Tables whose rows change by themselves (events, the
 * cluster's discovery, Liquibase's lock) are left out by name, and so are the rows of
 * the cleanup's own run reports and the sessions of the master realm's admin, whose logins arrange the test.
 */
final class SchemaSnapshot {

    /** Written by every run or every node whatever the removal: the audit, discovery, locks. */
    static final Set<String> VOLATILE_TABLES = Set.of(
            "ADMIN_EVENT_ENTITY",
            "EVENT_ENTITY",
            "JGROUPS_PING",
            "JGROUPSPING",
            "DATABASECHANGELOGLOCK",
            "DATABASECHANGELOG");

    /** table → rows; a row is column → value (null as the text {@code <null>}). */
    final Map<String, List<Map<String, String>>> tables;

    private SchemaSnapshot(Map<String, List<Map<String, String>>> tables) {
        this.tables = tables;
    }

    /** Every table's rows now; sessions of the realm {@code masterRealmId} (the test's admin logins) left out. */
    static SchemaSnapshot take(TestDatabase database, String masterRealmId) {
        Map<String, List<Map<String, String>>> tables = new TreeMap<>();
        try (Connection connection = database.connect()) {
            DatabaseMetaData meta = connection.getMetaData();
            List<String> names = new ArrayList<>();
            try (ResultSet found = meta.getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
                while (found.next()) {
                    names.add(found.getString("TABLE_NAME"));
                }
            }
            for (String name : names) {
                String upper = name.toUpperCase(Locale.ROOT);
                if (VOLATILE_TABLES.contains(upper)) {
                    continue;
                }
                List<Map<String, String>> rows = new ArrayList<>();
                try (Statement statement = connection.createStatement();
                        ResultSet result = statement.executeQuery("SELECT * FROM " + quoted(meta, name))) {
                    ResultSetMetaData columns = result.getMetaData();
                    while (result.next()) {
                        Map<String, String> row = new TreeMap<>();
                        for (int i = 1; i <= columns.getColumnCount(); i++) {
                            String value = result.getString(i);
                            row.put(
                                    columns.getColumnName(i).toUpperCase(Locale.ROOT),
                                    value == null ? "<null>" : value);
                        }
                        if (!reportRow(upper, row)) {
                            rows.add(row);
                        }
                    }
                }
                tables.put(upper, rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the schema", e);
        }
        Set<String> masterSessions = new HashSet<>();
        tables.getOrDefault("OFFLINE_USER_SESSION", new ArrayList<>()).removeIf(row -> {
            boolean master = masterRealmId.equals(row.get("REALM_ID"));
            if (master) {
                masterSessions.add(row.get("USER_SESSION_ID"));
            }
            return master;
        });
        tables.getOrDefault("OFFLINE_CLIENT_SESSION", new ArrayList<>())
                .removeIf(row -> masterSessions.contains(row.get("USER_SESSION_ID")));
        return new SchemaSnapshot(tables);
    }

    /**
     * What the cleanup writes about its runs, whatever the removal: its state table (lock, reports) and the stamps
     * it keeps in realm attributes.
     */
    private static boolean reportRow(String table, Map<String, String> row) {
        return table.equals("COFFEE_CLEANUP_STATE")
                || table.equals("REALM_ATTRIBUTE")
                        && row.getOrDefault("NAME", "").startsWith("coffee.cleanup.");
    }

    private static String quoted(DatabaseMetaData meta, String name) throws SQLException {
        String quote = meta.getIdentifierQuoteString();
        return quote + name + quote;
    }

    /** What went from {@code this} to {@code later}: the rows removed and the rows added, per table. */
    Diff to(SchemaSnapshot later) {
        Map<String, List<Map<String, String>>> removed = new TreeMap<>();
        Map<String, List<Map<String, String>>> added = new TreeMap<>();
        Set<String> names = new TreeSet<>(tables.keySet());
        names.addAll(later.tables.keySet());
        for (String table : names) {
            List<Map<String, String>> before = new ArrayList<>(tables.getOrDefault(table, List.of()));
            List<Map<String, String>> after = new ArrayList<>(later.tables.getOrDefault(table, List.of()));
            List<Map<String, String>> gone = minus(before, after);
            List<Map<String, String>> fresh = minus(after, before);
            if (!gone.isEmpty()) {
                removed.put(table, gone);
            }
            if (!fresh.isEmpty()) {
                added.put(table, fresh);
            }
        }
        return new Diff(removed, added);
    }

    private static List<Map<String, String>> minus(List<Map<String, String>> rows, List<Map<String, String>> other) {
        Map<Map<String, String>, Integer> left = new HashMap<>();
        other.forEach(row -> left.merge(row, 1, Integer::sum));
        List<Map<String, String>> rest = new ArrayList<>();
        for (Map<String, String> row : rows) {
            Integer count = left.get(row);
            if (count == null || count == 0) {
                rest.add(row);
            } else {
                left.put(row, count - 1);
            }
        }
        return rest;
    }

    /** Every value of every row: what "still there" means when a diff is masked. */
    Set<String> values() {
        Set<String> values = new HashSet<>();
        tables.values().forEach(rows -> rows.forEach(row -> values.addAll(row.values())));
        return values;
    }

    /** The tables and columns whose value contains {@code text}, as {@code TABLE.COLUMN=value}. */
    List<String> holding(Collection<String> texts) {
        List<String> found = new ArrayList<>();
        tables.forEach((table, rows) -> rows.forEach(row -> row.forEach((column, value) -> {
            for (String text : texts) {
                if (value.contains(text)) {
                    found.add(table + "." + column + "=" + value);
                }
            }
        })));
        return found;
    }

    /** The rows a change removed and added, per table. */
    record Diff(Map<String, List<Map<String, String>>> removed, Map<String, List<Map<String, String>>> added) {

        /**
         * The diff with every value that is nowhere in {@code survivors} (ids, names, hashes, times of the rows that
         * went) replaced by {@code <gone>}: what is left are the values that refer to what stays (roles, groups,
         * clients, the realm, attribute names, flags), so two removals of like users compare equal exactly when
         * they removed the same kinds of rows pointing at the same things. Rows sorted, so the result compares as
         * a multiset per table.
         */
        Map<String, Map<String, List<String>>> masked(Set<String> survivors) {
            Map<String, Map<String, List<String>>> masked = new TreeMap<>();
            masked.put("removed", mask(removed, survivors));
            masked.put("added", mask(added, survivors));
            return masked;
        }

        private static Map<String, List<String>> mask(
                Map<String, List<Map<String, String>>> rowsByTable, Set<String> survivors) {
            Map<String, List<String>> result = new TreeMap<>();
            rowsByTable.forEach((table, rows) -> {
                List<String> shapes = new ArrayList<>();
                for (Map<String, String> row : rows) {
                    Map<String, String> shape = new LinkedHashMap<>();
                    row.forEach((column, value) -> shape.put(
                            column, isTime(column) ? "<time>" : survivors.contains(value) ? value : "<gone>"));
                    shapes.add(shape.toString());
                }
                shapes.sort(String::compareTo);
                result.put(table, shapes);
            });
            return result;
        }

        /**
         * Times are never compared: the twins' rows were written at other moments, and a time in seconds of a row
         * that went can equal a surviving one by chance (a session refreshed in the same second), which would leave
         * it unmasked on one side only.
         */
        private static boolean isTime(String column) {
            return column.equals("TIMESTAMP")
                    || column.endsWith("_TIMESTAMP")
                    || column.endsWith("_REFRESH")
                    || column.endsWith("_ON")
                    || column.endsWith("_DATE");
        }
    }
}
