package dev.asyncref.benchmarks.report;

import dev.asyncref.benchmarks.scale.Contenders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The JFR profiles the scale runner wrote beside its results, one folded block per contender. */
final class ProfilesSection {

    private final Path raw;
    private final List<Contenders> contenders;

    ProfilesSection(Path raw, List<Contenders> contenders) {
        this.raw = raw;
        this.contenders = contenders;
    }

    void write(Markdown page) throws IOException {
        page.heading(3, "Where the time goes: profiles");
        page.paragraph("""
                Each contender's JVM ran the first operation once more at the largest N under JDK Flight Recorder
                (its "profile" settings), after the measured runs: the methods most often on top of a sampled stack
                (Java threads only: the collector's work shows in its pauses), and the classes that took most of the
                allocation. This is the evidence behind the findings above.""");
        for (Contenders contender : contenders) {
            Path profile = raw.resolve("profile-" + contender.name() + ".md");
            if (Files.exists(profile) && Files.size(profile) > 0) {
                page.raw("<details><summary>" + contender.label() + "</summary>\n\n" + Files.readString(profile).strip()
                        + "\n\n</details>\n\n");
            }
        }
    }
}
