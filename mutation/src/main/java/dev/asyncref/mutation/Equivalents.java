package dev.asyncref.mutation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The surviving mutants judged equivalent (no test could tell them from the original code), each with one line
 * why, from {@code equivalent-mutants.tsv} beside this class. A mutant is named by class, method, mutator and
 * PIT's description, not by line, so that the list survives edits elsewhere in the file; a line that no longer
 * names a survivor is reported, so the list cannot rot.
 */
final class Equivalents {

    private final Map<String, String> reasons;

    private Equivalents(Map<String, String> reasons) {
        this.reasons = reasons;
    }

    static Equivalents load() throws IOException {
        try (InputStream in = Equivalents.class.getResourceAsStream("equivalent-mutants.tsv");
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return parse(lines.lines().toList());
        }
    }

    /** Lines of class, method, mutator, description and reason, separated by tabs; blank and # lines skipped. */
    static Equivalents parse(List<String> lines) {
        Map<String, String> reasons = new HashMap<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            if (fields.length != 5) {
                throw new IllegalArgumentException("equivalent-mutants.tsv: expected class, method, mutator, "
                        + "description and reason separated by tabs, got: " + line);
            }
            reasons.put(key(fields[0], fields[1], fields[2], fields[3]), fields[4]);
        }
        return new Equivalents(reasons);
    }

    static Equivalents none() {
        return parse(List.of());
    }

    /** Why {@code mutant} is equivalent, if it is listed. */
    Optional<String> reason(Mutant mutant) {
        return Optional.ofNullable(reasons.get(key(mutant)));
    }

    /** The listed mutants that are not among {@code survivors}: the list's stale lines. */
    Set<String> staleAmong(Collection<Mutant> survivors) {
        Set<String> stale = new TreeSet<>(reasons.keySet());
        survivors.forEach(mutant -> stale.remove(key(mutant)));
        return stale;
    }

    static String key(Mutant mutant) {
        return key(mutant.topLevelClass(), mutant.method(), mutant.mutatorName(), mutant.description());
    }

    private static String key(String className, String method, String mutator, String description) {
        return String.join(" | ", className, method, mutator, description);
    }
}
