import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every JSON answer barista reads, from Keycloak or the API, read from stdin with Jackson: the shell parses none.
 * barista runs it as a single-file program ({@code java -cp <Jackson's jars> Answers.java <what>}) with the jars of the
 * Keycloak distribution it runs, because a shell may have neither jq nor python. {@code <what>}: {@code field NAME}
 * (a top-level field's value, or nothing when the answer has no such field or is not JSON), {@code report} (a cleanup
 * run's report), {@code mail} (the outbox's counts), {@code dead} (the dead mails), {@code problem} (an error answer).
 */
public final class Answers {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws IOException {
        String what = args.length == 0 ? "" : args[0];
        if (what.equals("field") && args.length == 2) {
            field(args[1]);
            return;
        }
        // Maps, lists, strings, numbers, booleans and nulls: the tables below read plain Java values.
        Object json = JSON.readValue(System.in, Object.class);
        switch (what) {
            case "report" -> report(map(json));
            case "mail" -> mail(map(json));
            case "dead" -> dead(map(json));
            case "problem" -> problem(json);
            default -> throw new IllegalArgumentException("usage: Answers field NAME|report|mail|dead|problem < json");
        }
    }

    /**
     * Prints a top-level field's value (a string as it is, a number or boolean as written). An answer that is not JSON
     * (a proxy's error page, say) has no fields: nothing is printed and the caller tells what it missed.
     */
    private static void field(String name) throws IOException {
        byte[] answer = System.in.readAllBytes();
        Object json;
        try {
            json = JSON.readValue(answer, Object.class);
        } catch (JsonProcessingException notJson) {
            return;
        }
        Object value = map(json).get(name);
        if (value != null) {
            System.out.println(value instanceof String text ? text : JSON.writeValueAsString(value));
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

}
