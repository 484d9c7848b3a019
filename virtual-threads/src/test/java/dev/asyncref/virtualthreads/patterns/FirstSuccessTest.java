package dev.asyncref.virtualthreads.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The plain style's race: an executor of virtual threads and a completion service. */
class FirstSuccessTest extends FirstSuccessContract {

    @Override
    protected <T, X extends Exception> T firstSuccess(List<? extends Callable<? extends T>> alternatives,
            Function<? super List<Throwable>, ? extends X> allFailed) throws X, InterruptedException {
        return FirstSuccess.firstSuccess(alternatives, allFailed);
    }

    /** The trap: once every call has failed, invokeAny throws one of the failures; the others are lost. */
    @Test
    void invokeAnyKeepsOneFailureOfMany() {
        IllegalStateException europe = new IllegalStateException("europe down");
        IllegalStateException america = new IllegalStateException("america down");

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            assertThatThrownBy(() -> threads.invokeAny(List.of(failing(europe), failing(america))))
                    .isExactlyInstanceOf(ExecutionException.class)
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
