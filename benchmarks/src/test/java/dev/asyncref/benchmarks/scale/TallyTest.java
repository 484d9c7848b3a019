package dev.asyncref.benchmarks.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runner's bookkeeping hides nothing: an operation ended twice, or never, is counted as such. */
class TallyTest {

    private final Tally tally = new Tally(3);

    @Test
    void countsEachEndingOnceAndAFailureAsAFailure() throws InterruptedException {
        tally.ended(0, null);
        tally.ended(1, new IllegalStateException("declined"));
        tally.ended(2, null);

        assertThat(tally.awaitAll(0, TimeUnit.SECONDS)).isTrue();
        assertThat(tally.endedCount()).isEqualTo(3);
        assertThat(tally.failed()).isEqualTo(1);
        assertThat(tally.endedTwice()).isZero();
    }

    @Test
    void countsASecondEndingApartInsteadOfAsAnotherOperation() throws InterruptedException {
        tally.ended(0, null);
        tally.ended(0, null);
        tally.ended(1, null);

        assertThat(tally.awaitAll(0, TimeUnit.SECONDS)).as("operation 2 never ended").isFalse();
        assertThat(tally.endedCount()).isEqualTo(2);
        assertThat(tally.endedTwice()).isEqualTo(1);
    }

    @Test
    void aRunThatLostOrDoubledAnOperationIsNotAccounted() {
        RunResult lost = result(2, 0, 1, 0);
        RunResult doubled = result(3, 0, 0, 1);
        RunResult whole = result(2, 1, 0, 0);

        assertThat(lost.accounted()).isFalse();
        assertThat(doubled.accounted()).isFalse();
        assertThat(whole.accounted()).isTrue();
    }

    private static RunResult result(long completed, long failed, long lost, long endedTwice) {
        return new RunResult("FLOOR", "quote", 3, 0, RunResult.Kind.TIMED, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, completed, failed, lost, endedTwice, "");
    }
}
