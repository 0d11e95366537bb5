package uz.coffeeshop.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The one table every benchmark writes to: a row per figure with the project's number, the baseline measured in
 * the same run, and their ratio. Printed as it goes and appended to {@code target/bench/results.md}.
 */
public final class BenchReport {

    private static final String HEADER =
            "| benchmark | figure | ours | baseline | ratio | note |\n| --- | --- | --- | --- | --- | --- |\n";

    private BenchReport() {}

    /** Adds a row; {@code ratio} is ours ÷ baseline, so the note says which way is better. */
    public static synchronized void row(
            String benchmark, String figure, double ours, double baseline, String unit, String note) {
        double ratio = baseline == 0 ? Double.NaN : ours / baseline;
        String line = String.format(
                Locale.ROOT,
                "| %s | %s | %s %s | %s %s | %.2f× | %s |%n",
                benchmark,
                figure,
                number(ours),
                unit,
                number(baseline),
                unit,
                ratio,
                note);
        System.out.print("[bench] " + line);
        append(line);
    }

    /** A figure without a baseline of its own (peak memory, say). */
    public static synchronized void value(String benchmark, String figure, double value, String unit, String note) {
        String line = String.format(
                Locale.ROOT, "| %s | %s | %s %s | – | – | %s |%n", benchmark, figure, number(value), unit, note);
        System.out.print("[bench] " + line);
        append(line);
    }

    public static Path file() {
        return Path.of(System.getProperty("coffee.bench.dir", "target/bench")).resolve("results.md");
    }

    private static String number(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static void append(String line) {
        try {
            Path file = file();
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.writeString(file, HEADER);
            }
            Files.writeString(file, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
