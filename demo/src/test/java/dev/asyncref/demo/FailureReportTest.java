package dev.asyncref.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.demo.FailureReport.Section;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regenerates {@code docs/failure-report.md} from real runs (the path comes from the build, property
 * {@code failure.report}) and checks that the page shows what it claims.
 */
class FailureReportTest {

    private static Styles styles;
    private static List<Section> sections;

    @BeforeAll
    static void runTheFailureInEveryStyle() throws Exception {
        styles = new Styles();
        sections = FailureReport.sections(styles);
    }

    @AfterAll
    static void closeStyles() {
        styles.close();
    }

    @Test
    void everyStylesTraceOpensWithTheOperationTheRequestAndTheStep() {
        assertThat(sections.subList(0, 6)).extracting(Section::title).containsExactlyElementsOf(
                styles.all().stream().map(Style::name).toList());
        assertThat(sections.subList(0, 6)).allSatisfy(section -> assertThat(section.text()).startsWith(
                "```\ndev.asyncref.domain.StepFailedException: checkout [request request-42]: step 'charge' failed:"
                        + " payments: card declined\n"));
    }

    @Test
    void reactorsDebugModeAddsTheAssemblyTrace() {
        assertThat(section("Tooling: Reactor's operator debug mode")).contains("Assembly trace from producer");
    }

    @Test
    void joinWrapsTheDomainExceptionInACompletionException() {
        assertThat(section("Tooling: futures, the stage's failure versus join()"))
                .contains("java.util.concurrent.CompletionException: dev.asyncref.domain.StepFailedException");
    }

    @Test
    void theThreadDumpShowsTheScopeAndItsForks() {
        assertThat(section("Tooling: structured concurrency's scope tree in a thread dump"))
                .contains("StructuredTaskScope").contains("\"threadCount\": \"3\"");
    }

    @Test
    void thePageIsWrittenWhereTheBuildSays() throws Exception {
        Path file = Path.of(System.getProperty("failure.report"));

        FailureReport.write(file, sections);

        assertThat(Files.readString(file)).isEqualTo(FailureReport.markdown(sections));
    }

    private static String section(String title) {
        return sections.stream().filter(section -> section.title().equals(title)).findFirst().orElseThrow().text();
    }
}
