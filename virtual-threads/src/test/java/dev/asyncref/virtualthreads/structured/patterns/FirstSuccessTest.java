package dev.asyncref.virtualthreads.structured.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.virtualthreads.patterns.FirstSuccessContract;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The structured style's race: a scope and a joiner that keeps every failure. */
class FirstSuccessTest extends FirstSuccessContract {

    @Override
    protected <T, X extends Exception> T firstSuccess(List<? extends Callable<? extends T>> alternatives,
            Function<? super List<Throwable>, ? extends X> allFailed) throws X, InterruptedException {
        return FirstSuccess.firstSuccess(alternatives, allFailed);
    }

    /** The trap: once every fork has failed, the JDK's own joiner throws one of the failures; the others are lost. */
    @Test
    void theJdksAnySuccessfulJoinerKeepsOneFailureOfMany() {
        IllegalStateException europe = new IllegalStateException("europe down");
        IllegalStateException america = new IllegalStateException("america down");

        try (var scope = StructuredTaskScope.open(Joiner.<String>anySuccessfulResultOrThrow())) {
            scope.fork(failing(europe));
            scope.fork(failing(america));

            assertThatThrownBy(scope::join)
                    .isExactlyInstanceOf(StructuredTaskScope.FailedException.class)
                    .satisfies(failed -> assertThat(failed.getCause()).isIn(europe, america))
                    .satisfies(failed -> assertThat(failed.getSuppressed()).isEmpty());
        }
    }

    private static Callable<String> failing(RuntimeException failure) {
        return () -> {
            throw failure;
        };
    }
}
