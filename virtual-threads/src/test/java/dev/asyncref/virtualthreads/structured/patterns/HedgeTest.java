package dev.asyncref.virtualthreads.structured.patterns;

import dev.asyncref.virtualthreads.patterns.HedgeContract;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** The structured style's hedge: two forks of a scope, the second asleep first. */
class HedgeTest extends HedgeContract {

    @Override
    protected <T, X extends Exception> T hedged(Callable<? extends T> call, Duration hedgeAfter,
            Function<? super List<Throwable>, ? extends X> allFailed) throws X, InterruptedException {
        return Hedge.hedged(call, hedgeAfter, allFailed);
    }
}
