package dev.asyncref.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The score page, from a small PIT result: what counts as killed, where each mutant goes, how survivors group. */
class MutationPageTest {

    private static List<Mutant> mutants;

    @BeforeAll
    static void readSample() throws Exception {
        mutants = MutationsXml.read(sample());
    }

    @Test
    void readsEveryMutantWithItsPlaceAndVerdict() {
        assertThat(mutants).hasSize(7);
        assertThat(mutants.getFirst()).isEqualTo(new Mutant("dev.asyncref.callbacks.CallbackPizzeria", "findCourier",
                212, "org.pitest.mutationtest.engine.gregor.mutators.VoidMethodCallMutator",
                "removed call to dev/asyncref/callbacks/Outcome::cancelOthers", "KILLED"));
        assertThat(mutants).extracting(Mutant::detected)
                .containsExactly(true, true, false, false, false, true, false);
        assertThat(mutants.get(1).place()).as("a lambda's or nested class's mutant is its top-level class's")
                .isEqualTo("CallbackPizzeria.onItem:300");
    }

    @Test
    void eachClassBelongsToItsOwnStyleAndTheSharedPackageIsNotAStyleOfItsOwn() {
        assertThat(Style.of("dev.asyncref.virtualthreads.structured.StructuredPizzeria"))
                .contains(Style.STRUCTURED);
        assertThat(Style.of("dev.asyncref.virtualthreads.plain.VirtualThreadPizzeria"))
                .contains(Style.VIRTUAL_THREADS);
        assertThat(Style.of("dev.asyncref.virtualthreads.BlockingBridge")).contains(Style.VIRTUAL_THREADS_SHARED);
        assertThat(Style.of("dev.asyncref.virtualthreads.patterns.Retry")).contains(Style.VIRTUAL_THREADS_SHARED);
        assertThat(Style.of("dev.asyncref.virtualthreads.structured.patterns.Hedge")).contains(Style.STRUCTURED);
        assertThat(Style.of("dev.asyncref.reactive.reactor.ReactorPizzeria")).contains(Style.REACTOR);
        assertThat(Style.of("dev.asyncref.domain.Order")).isEmpty();
    }

    @Test
    void scoresPatternCodeApartFromTheBridgeAndCountsTimeOutsAsKilled() {
        String page = render(Equivalents.none());

        assertThat(page).contains("| callbacks | 4 | 2 | 2 | 0 | 0 | 50.0% |")
                .contains("| callbacks: bridge | 1 | 0 | 0 | 1 | 0 | 0.0% |")
                .contains("| structured concurrency | 1 | 0 | 1 | 0 | 0 | 0.0% |");
    }

    @Test
    void listsSurvivorsByWhatTheMutantDidAndEquivalentOnesWithTheirReason() {
        Equivalents listed = Equivalents.parse(List.of(String.join("\t", "dev.asyncref.callbacks.CallbackPizzeria",
                "bake", "VoidMethodCallMutator", "removed call to java/util/Objects::requireNonNull",
                "validation already rejected a null")));

        String page = render(listed);

        assertThat(page).contains("| callbacks | 4 | 2 | 2 | 0 | 1 | 66.7% |")
                .contains("- `CallbackPizzeria.bake:140` removed call to java/util/Objects::requireNonNull: "
                        + "validation already rejected a null")
                .contains("Not killed: a condition negated:\n\n- `CallbackPizzeria.quote:120` negated conditional")
                .contains("- `CallbackBridge.toString:30` replaced return value with \"\" for "
                        + "dev/asyncref/callbacks/CallbackBridge::toString (no test runs it)");
    }

    @Test
    void aListedEquivalentThatNoLongerSurvivesIsReportedAsStale() {
        Equivalents listed = Equivalents.parse(List.of(String.join("\t", "dev.asyncref.callbacks.CallbackPizzeria",
                "findCourier", "VoidMethodCallMutator", "removed call to dev/asyncref/callbacks/Outcome::cancelOthers",
                "wrongly thought equivalent")));

        assertThat(render(listed)).contains("## Listed as equivalent, but no longer surviving\n\n"
                + "- dev.asyncref.callbacks.CallbackPizzeria | findCourier | VoidMethodCallMutator | "
                + "removed call to dev/asyncref/callbacks/Outcome::cancelOthers");
    }

    private static String render(Equivalents equivalents) {
        return MutationPage.render(mutants, equivalents, "PT1S", Duration.ofMinutes(12),
                new RunFacts("abc1234", LocalDate.of(2026, 12, 7), "2 cores (test CPU)", "Test JDK 25"));
    }

    private static Path sample() throws URISyntaxException {
        return Path.of(MutationPageTest.class.getResource("mutations.xml").toURI());
    }
}
