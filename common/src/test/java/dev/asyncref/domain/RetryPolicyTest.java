package dev.asyncref.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The backoff arithmetic every style but Reactor uses (Reactor's own {@code Retry.backoff} matches it). */
class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), 0.5);

    @Test
    void withoutJitterEachPauseDoublesThePreviousOne() {
        RetryPolicy exact = new RetryPolicy(4, Duration.ofMillis(100), 0);

        assertThat(IntStream.rangeClosed(1, 3).mapToObj(retry -> exact.backoffBefore(retry, new SplittableRandom())))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void jitterSpreadsEachPauseAroundItsNominalValueWithinTheFraction() {
        SplittableRandom random = new SplittableRandom(42);
        for (int retry = 1; retry < policy.attempts(); retry++) {
            Duration nominal = Duration.ofMillis(100L << (retry - 1));
            int r = retry;
            List<Duration> pauses = IntStream.range(0, 1_000).mapToObj(i -> policy.backoffBefore(r, random)).toList();

            assertThat(pauses).allSatisfy(pause -> assertThat(pause)
                    .isGreaterThanOrEqualTo(nominal.dividedBy(2)).isLessThan(nominal.multipliedBy(3).dividedBy(2)));
            assertThat(pauses).as("spread out, not one value").filteredOn(pause -> pause.compareTo(nominal) < 0)
                    .hasSizeBetween(400, 600);
        }
    }

    @Test
    void theMinimumBackoffIsTheLowerBoundOfTheJitter() {
        assertThat(policy.minimumBackoffBefore(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(policy.minimumBackoffBefore(4)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void thereIsNoPauseBeforeTheFirstAttemptNorAfterTheLast() {
        assertThatThrownBy(() -> policy.backoffBefore(0, new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("retry must be between 1 and 4, got 0");
        assertThatThrownBy(() -> policy.minimumBackoffBefore(5)).hasMessage("retry must be between 1 and 4, got 5");
    }

    @Test
    void aRetriedStepFailsWithTheLastFailureAsCauseAndTheEarlierOnesSuppressed() {
        var first = new IllegalStateException("one");
        var last = new IllegalStateException("two");

        StepFailedException failure = Step.QUOTE.failedAfter(List.of(first, last));

        assertThat(failure).hasMessage("step 'quote' failed after 2 attempts: two").hasCause(last);
        assertThat(failure.getSuppressed()).containsExactly(first);
    }
}
