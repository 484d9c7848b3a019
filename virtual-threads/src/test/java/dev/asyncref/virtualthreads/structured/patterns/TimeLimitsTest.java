package dev.asyncref.virtualthreads.structured.patterns;

import dev.asyncref.virtualthreads.patterns.TimeLimitsContract;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** The structured style's time limits: a scope's own timeout. */
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
}
