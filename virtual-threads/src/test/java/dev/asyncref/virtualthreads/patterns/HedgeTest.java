package dev.asyncref.virtualthreads.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The plain style's hedge: two tasks of an executor of virtual threads, the second asleep first. */
class HedgeTest extends HedgeContract {

    @Override
    protected <T, X extends Exception> T hedged(Callable<? extends T> call, Duration hedgeAfter,
            Function<? super List<Throwable>, ? extends X> allFailed) throws X, InterruptedException {
        return Hedge.hedged(call, hedgeAfter, allFailed);
    }

    /** The trap: a hedge whose sleep swallows the interrupt wakes up when cancelled, and sends its request. */
    @Test
    void aHedgeWhoseSleepSwallowsTheInterruptIsSentOnceCancelled() throws InterruptedException {
        CountDownLatch sleeping = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> hedge = threads.submit(() -> {
                sleeping.countDown();
                try {
                    Thread.sleep(Duration.ofHours(1));
                } catch (InterruptedException swallowed) {
                    // the trap
                }
                return calls.call();
            });

            sleeping.await();
            hedge.cancel(true);

            assertThat(calls.call(1)).as("the hedge's request, sent after its cancel").isNotNull();
            calls.call(1).answer("too late");
        }
    }
}
