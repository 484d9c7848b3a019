package dev.asyncref.benchmarks.report;

import java.util.List;
import java.util.Locale;

/** The page as it is written: headings, paragraphs, tables and images, and the figures' formats. */
final class Markdown {

    private final StringBuilder page = new StringBuilder();

    Markdown heading(int level, String text) {
        page.append("#".repeat(level)).append(' ').append(text).append("\n\n");
        return this;
    }

    Markdown paragraph(String text) {
        page.append(text.strip()).append("\n\n");
        return this;
    }

    Markdown image(String alt, String path) {
        page.append("![").append(alt).append("](").append(path).append(")\n\n");
        return this;
    }

    Markdown table(List<String> header, List<List<String>> rows) {
        page.append("| ").append(String.join(" | ", header)).append(" |\n");
        page.append("|").append(header.stream().map(column -> "---|").reduce("", String::concat)).append('\n');
        for (List<String> row : rows) {
            page.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        page.append('\n');
        return this;
    }

    Markdown raw(String text) {
        page.append(text);
        return this;
    }

    @Override
    public String toString() {
        return page.toString().stripTrailing() + "\n";
    }

    // ---- The figures' formats: one place, so that every table reads alike. ----

    static String seconds(double seconds) {
        return Double.isNaN(seconds) ? "–" : String.format(Locale.ROOT, "%.2f s", seconds);
    }

    static String times(double ratio) {
        return Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    static String micros(double micros) {
        if (Double.isNaN(micros)) {
            return "–";
        }
        return micros < 10 ? String.format(Locale.ROOT, "%.1f µs", micros)
                : String.format(Locale.ROOT, "%,.0f µs", micros);
    }

    static String millis(double millis) {
        return Double.isNaN(millis) ? "–" : String.format(Locale.ROOT, "%,.0f ms", millis);
    }

    static String bytes(double bytes) {
        if (Double.isNaN(bytes)) {
            return "–";
        }
        return bytes < 10_000 ? String.format(Locale.ROOT, "%,.0f B", bytes)
                : String.format(Locale.ROOT, "%,.1f KB", bytes / 1024);
    }

    static String count(double count) {
        return Double.isNaN(count) ? "–" : String.format(Locale.ROOT, "%,.0f", count);
    }

    static String n(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
