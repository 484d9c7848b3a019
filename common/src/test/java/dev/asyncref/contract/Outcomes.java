package dev.asyncref.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Waiting for outcomes without sleeping: every wait ends as soon as its condition holds. The ceiling
 * ({@link Periods#CEILING}) only turns a hang into a failure; no test asserts how long anything took.
 */
public final class Outcomes {

    private static final Duration CEILING = Periods.CEILING;

    private Outcomes() {}

    /** Waits until a condition on the simulated services holds. */
    public static ConditionFactory eventually() {
        return Awaitility.await().atMost(CEILING).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
    }

    /**
     * Asserts that a condition on the simulated services holds throughout {@link Periods#QUIET}: that something
     * does not happen later (a call without demand, a signal after a cancel). Only {@link Stochastic} tests
     * use it: such an absence can only be shown by letting the time pass.
     */
    public static void assertStaysTrue(String why, Callable<Boolean> condition) {
        assertStaysTrue(Periods.QUIET, why, condition);
    }

    /**
     * As {@link #assertStaysTrue(String, Callable)}, for a given period: past the moment a timer would fire (a
     * hedge after the answer, a retry after a cancellation).
     */
    public static void assertStaysTrue(Duration period, String why, Callable<Boolean> condition) {
        Awaitility.await(why).during(period).atMost(period.plus(CEILING)).pollInterval(Duration.ofMillis(5))
                .until(condition);
    }

    /** The stage's value; fails the test if the stage failed. */
    public static <T> T resultOf(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(CEILING.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected a result, but the stage failed", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the stage did not complete", e);
        }
    }

    /**
     * The exception the stage failed with, exactly as a {@code handle} or {@code whenComplete} callback
     * sees it: a stage completed with a {@code CompletionException} wrapper shows the wrapper here (R0.2).
     */
    public static Throwable failureOf(CompletionStage<?> stage) {
        CompletableFuture<Throwable> seen = stage.handle((value, error) -> error).toCompletableFuture();
        try {
            Throwable failure = seen.get(CEILING.toMillis(), TimeUnit.MILLISECONDS);
            if (failure == null) {
                fail("expected the stage to fail, but it succeeded with " + stage.toCompletableFuture().join());
            }
            return failure;
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw new AssertionError("the stage did not complete", e);
        }
    }

    /**
     * The stage's value, or the exception it failed with as {@link #failureOf} sees it: for a rule that allows
     * either.
     */
    public static Object outcomeOf(CompletionStage<?> stage) {
        CompletableFuture<Object> seen = stage.handle((value, error) -> error == null ? value : error)
                .toCompletableFuture();
        try {
            return seen.get(CEILING.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw new AssertionError("the stage did not complete", e);
        }
    }

    /** Asserts that the stage is still pending. */
    public static void assertPending(CompletionStage<?> stage, String why) {
        assertThat(stage.toCompletableFuture().isDone()).as(why).isFalse();
    }
}
