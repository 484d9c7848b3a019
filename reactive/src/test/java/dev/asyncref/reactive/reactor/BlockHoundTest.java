package dev.asyncref.reactive.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.scheduler.Schedulers;

/**
 * BlockHound runs during this module's tests (rule R18.2): a blocking call on a thread that must not block
 * fails with its error, in Reactor's tests and RxJava's alike; on a thread meant for blocking it is allowed.
 */
class BlockHoundTest {

    @Test
    void blockingOnReactorsParallelSchedulerFails() throws Exception {
        CompletableFuture<Throwable> blocked = new CompletableFuture<>();

        Schedulers.parallel().schedule(() -> blocked.complete(failureOfASleep()));

        assertThat(blocked.get(10, TimeUnit.SECONDS)).isInstanceOf(BlockingOperationError.class);
    }

    @Test
    void blockingOnAnRxJavaComputationThreadFails() throws Exception {
        CompletableFuture<Throwable> blocked = new CompletableFuture<>();

        io.reactivex.rxjava3.schedulers.Schedulers.computation()
                .scheduleDirect(() -> blocked.complete(failureOfASleep()));

        assertThat(blocked.get(10, TimeUnit.SECONDS)).isInstanceOf(BlockingOperationError.class);
    }

    @Test
    void blockingOnReactorsPlanningPoolFails() throws Exception {
        CompletableFuture<Throwable> blocked = new CompletableFuture<>();

        ReactorServices.PLANNING.schedule(() -> blocked.complete(failureOfASleep()));

        assertThat(blocked.get(10, TimeUnit.SECONDS)).as("the CPU pool may not block either")
                .isInstanceOf(BlockingOperationError.class);
    }

    @Test
    void blockingOnBoundedElasticIsAllowed() throws Exception {
        CompletableFuture<Throwable> blocked = new CompletableFuture<>();

        Schedulers.boundedElastic().schedule(() -> blocked.complete(failureOfASleep()));

        assertThat(blocked.get(10, TimeUnit.SECONDS)).isNull();
    }

    /** What a one-millisecond sleep throws on the current thread, or null if it sleeps. */
    private static Throwable failureOfASleep() {
        try {
            Thread.sleep(1);
            return null;
        } catch (Throwable failure) {
            return failure;
        }
    }
}
