package dev.asyncref.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command-line options as {@code name=value} words, in any order; words may come several to one argument
 * (as Maven passes a property), and a bare word is a flag ({@code quick}).
 */
public record Options(Map<String, String> values) {

    public static Options parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        Arrays.stream(args).flatMap(arg -> Arrays.stream(arg.trim().split("\\s+"))).filter(word -> !word.isEmpty())
                .forEach(word -> {
                    int equals = word.indexOf('=');
                    if (equals < 0) {
                        values.put(word, "true");
                    } else {
                        values.put(word.substring(0, equals), word.substring(equals + 1));
                    }
                });
        return new Options(Map.copyOf(values));
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }

    public String get(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    public String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing option " + name + "=...");
        }
        return value;
    }
}
