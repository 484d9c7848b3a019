package dev.asyncref.virtualthreads.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The plain style's time limits: a virtual thread per call, waited for with {@code Future.get(timeout)}. */
class TimeLimitsTest extends TimeLimitsContract {

    @Override
    protected <T, X extends Exception> T withTimeout(Callable<? extends T> call, Duration timeout,
            Supplier<? extends X> timedOut) throws X, ExecutionException, InterruptedException {
        return TimeLimits.withTimeout(call, timeout, timedOut);
    }

    @Override
    protected Deadline deadlineIn(Duration limit) {
        TimeLimits.Deadline deadline = TimeLimits.Deadline.in(limit);
        return new Deadline() {
            @Override
            public <T, X extends Exception> T beforeIt(Callable<? extends T> step, Supplier<? extends X> passed)
                    throws X, ExecutionException, InterruptedException {
                return TimeLimits.beforeDeadline(deadline, step, passed);
            }

            @Override
            public Duration remaining() {
                return deadline.remaining();
            }

            @Override
            public boolean hasPassed() {
                return deadline.hasPassed();
            }
        };
    }

    /** The trap: a Future.get that times out stops the waiting, and leaves the call running. */
    @Test
    void futureGetThatTimesOutLeavesTheCallRunning() {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> price = threads.submit(calls);

            assertThatThrownBy(() -> price.get(1, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

            assertThat(calls.call(1).inFlight()).as("the call, still running").isTrue();
            calls.call(1).answer("9.50");
        }
    }
}
