import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * barista's tables of the admin API's answers, read as JSON from stdin: run with the JDK alone ({@code java
 * AdminTables.java <what>}), because a shell may have neither jq nor python. {@code <what>}: {@code report} (a cleanup
 * run's report), {@code run} (the answer of {@code GET .../cleanup/runs/ID}: its report once the run has
 * finished; exit status {@value #NOT_YET} while it is running), {@code mail} (the outbox's counts),
 * {@code dead} (the dead mails), {@code problem} (an error answer).
 */
public final class AdminTables {

    /** The exit status of {@code run} while the run has not ended: the caller asks again. */
    static final int NOT_YET = 3;

    public static void main(String[] args) throws IOException {
        Object json = new Parser(read(System.in)).value();
        switch (args.length == 0 ? "" : args[0]) {
            case "report" -> report(map(json));
            case "run" -> run(map(json));
            case "mail" -> mail(map(json));
            case "dead" -> dead(map(json));
            case "problem" -> problem(json);
            default -> throw new IllegalArgumentException("usage: AdminTables report|run|mail|dead|problem < json");
        }
    }

    private static void report(Map<String, Object> report) {
        boolean dry = Boolean.TRUE.equals(report.get("dryRun"));
        System.out.printf(
                "%s of realm %s on %s, %s ms%n",
                dry ? "Preview (dry run, nothing changed)" : "Run",
                text(report.get("realm")),
                text(report.get("node")),
                text(report.get("durationMillis")));
        System.out.printf(
                "examined %s, %s %s, %s %s, errors %s%n",
                text(report.get("examined")),
                dry ? "would delete" : "deleted",
                text(report.get("deleted")),
                dry ? "would remind" : "reminded",
                text(report.get("reminded")),
                text(report.get("errors")));
        List<String> skipped = new ArrayList<>();
        map(report.getOrDefault("skipped", Map.of())).forEach((reason, count) -> {
            if (!"0".equals(text(count))) {
                skipped.add(reason + " " + text(count));
            }
        });
        System.out.println("skipped: " + (skipped.isEmpty() ? "none" : String.join(", ", skipped)));
        List<List<String>> rows = new ArrayList<>();
        for (Object line : list(report.getOrDefault("users", List.of()))) {
            Map<String, Object> user = map(line);
            rows.add(List.of(text(user.get("action")), text(user.get("email")), text(user.get("deletionDueAt")),
                    text(user.get("id"))));
        }
        System.out.println();
        table(List.of("ACTION", "E-MAIL", "DELETION DUE", "USER ID"), rows, "no user to delete or remind");
        for (Object message : list(report.getOrDefault("errorMessages", List.of()))) {
            System.out.println("error: " + text(message));
        }
    }

    /** A run's answer: {@code state} "running" until it has ended, then "finished" beside the report's own fields. */
    private static void run(Map<String, Object> answer) {
        if (!"finished".equals(text(answer.get("state")))) {
            System.exit(NOT_YET);
        }
        report(answer);
    }

    private static void mail(Map<String, Object> status) {
        long pending = number(status.get("pending"));
        long retrying = number(status.get("retrying"));
        table(
                List.of("WAITING", "RETRYING", "DEAD", "EXPIRED", "OLDEST WAITING SINCE"),
                List.of(List.of(
                        String.valueOf(pending - retrying),
                        String.valueOf(retrying),
                        text(status.get("dead")),
                        text(status.get("expired")),
                        text(status.get("oldestPendingSince")))),
                "");
    }

    private static void dead(Map<String, Object> answer) {
        List<List<String>> rows = new ArrayList<>();
        for (Object item : list(answer.getOrDefault("mails", List.of()))) {
            Map<String, Object> mail = map(item);
            rows.add(List.of(
                    text(mail.get("id")),
                    text(mail.get("recipient")),
                    text(mail.get("attempts")),
                    text(mail.get("lastAttemptAt")),
                    Boolean.TRUE.equals(mail.get("retryable")) ? "yes" : "no (link expired)",
                    shorten(text(mail.get("error")), 60)));
        }
        System.out.println();
        table(List.of("DEAD MAIL ID", "RECIPIENT", "TRIES", "LAST ATTEMPT", "RETRY?", "LAST SMTP ERROR"), rows,
                "no dead mail");
    }

    private static void problem(Object json) {
        if (json instanceof Map<?, ?> problem) {
            System.out.println(text(problem.get("title")) + ": " + text(problem.get("detail")));
            for (Object error : list(problem.get("errors") == null ? List.of() : problem.get("errors"))) {
                Map<String, Object> field = map(error);
                System.out.println("  " + text(field.get("field")) + ": " + text(field.get("message")));
            }
        }
    }

    private static void table(List<String> header, List<List<String>> rows, String empty) {
        if (rows.isEmpty()) {
            if (!empty.isEmpty()) {
                System.out.println("(" + empty + ")");
            }
            return;
        }
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        print(header, widths);
        for (List<String> row : rows) {
            print(row, widths);
        }
    }

    private static void print(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(i == cells.size() - 1 ? cells.get(i) : String.format("%-" + widths[i] + "s  ", cells.get(i)));
        }
        System.out.println(line.toString().stripTrailing());
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String text(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Double d && d == Math.rint(d)) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(value).replaceAll("[\\p{Cntrl}]", " ");
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Just enough JSON: objects, arrays, strings with escapes, numbers, true, false, null. */
    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        Object value() {
            skip();
            if (at >= text.length()) {
                throw new IllegalArgumentException("no JSON in the answer");
            }
            char c = text.charAt(at);
            if (c == '{') {
                at++;
                Map<String, Object> object = new LinkedHashMap<>();
                skip();
                if (peek('}')) {
                    return object;
                }
                do {
                    skip();
                    String key = string();
                    skip();
                    expect(':');
                    object.put(key, value());
                    skip();
                } while (peek(','));
                expect('}');
                return object;
            }
            if (c == '[') {
                at++;
                List<Object> array = new ArrayList<>();
                skip();
                if (peek(']')) {
                    return array;
                }
                do {
                    array.add(value());
                    skip();
                } while (peek(','));
                expect(']');
                return array;
            }
            if (c == '"') {
                return string();
            }
            for (String word : new String[] {"true", "false", "null"}) {
                if (text.startsWith(word, at)) {
                    at += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            return Double.valueOf(text.substring(start, at));
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (text.charAt(at) != '"') {
                char c = text.charAt(at++);
                if (c == '\\') {
                    char e = text.charAt(at++);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                            at += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
            at++;
            return out.toString();
        }

        private boolean peek(char c) {
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw new IllegalArgumentException("bad JSON at " + at + ": expected " + c);
            }
        }

        private void skip() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
    }
}
