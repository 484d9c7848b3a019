package dev.asyncref.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.demo.PatternPages.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Writes the pattern pages ({@code docs/patterns}, the folder comes from the build, property
 * {@code pattern.pages}) from the sources, and fails if any page it wrote differs from the one it found: a
 * page committed stale fails the build once, which leaves the new page in the work tree to commit.
 */
class PatternPagesTest {

    private static final Path PAGES =
            Path.of(System.getProperty("pattern.pages", "../docs/patterns")).toAbsolutePath().normalize();

    private final PatternPages pages = new PatternPages(PAGES.getParent().getParent());

    @Test
    void everyPageIsUpToDateWithTheSources() throws IOException {
        Files.createDirectories(PAGES);
        List<String> stale = new ArrayList<>();
        for (Topic topic : PatternPages.TOPICS) {
            Path file = PAGES.resolve(topic.page() + ".md");
            String page = pages.page(topic);
            if (!Files.isRegularFile(file) || !Files.readString(file).equals(page)) {
                Files.writeString(file, page);
                stale.add(file.toString());
            }
        }
        assertThat(stale).as("pages that were stale, now written: commit them").isEmpty();
    }

    @Test
    void aPageQuotesEachStylesHelperAndThePizzeriaCodeThatCallsIt() {
        String page = pages.page(new Topic("hedge", "Hedged request", "Hedge"));

        String futures = "../../futures/src/main/java/dev/asyncref/futures/";
        assertThat(page).contains("### Futures: [Hedge.java](" + futures + "patterns/Hedge.java)")
                .contains("public static <T> CompletableFuture<T> hedged(")
                .contains("### Futures: [FuturePizzeria.java](" + futures + "FuturePizzeria.java)")
                .contains("Hedge.hedged(")
                .contains("- **Futures**: a hedge chained as `delay.thenCompose(x -> call())` cannot");
    }
}
