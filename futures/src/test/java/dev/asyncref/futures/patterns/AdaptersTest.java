package dev.asyncref.futures.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AdaptersTest {

    private final AtomicReference<Adapters.Callback<String>> callback = new AtomicReference<>();
    private final AtomicInteger cancels = new AtomicInteger();
    private final CompletableFuture<String> price = Adapters.fromCallback(answer -> {
        callback.set(answer);
        return cancels::incrementAndGet;
    });

    @Test
    void theValueArrivesAsGiven() {
        callback.get().onSuccess("9.50");

        assertThat(price).isCompletedWithValue("9.50");
    }

    @Test
    void theFailureArrivesAsGivenWithoutAWrapper() {
        IllegalStateException down = new IllegalStateException("down");

        callback.get().onFailure(down);

        assertThat(price.exceptionNow()).isSameAs(down);
    }

    @Test
    void cancellingTheFutureCancelsTheCallOnce() {
        price.cancel(true);
        price.cancel(true);

        assertThat(cancels).hasValue(1);
    }

    @Test
    void anAnsweredCallIsNotCancelled() {
        callback.get().onSuccess("9.50");

        price.cancel(true);

        assertThat(cancels).hasValue(0);
    }

    /** The trap: a future from supplyAsync completes as cancelled, but its task runs on to the end. */
    @Test
    void cancellingASupplyAsyncFutureLeavesItsTaskRunning() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> ranToTheEnd = new AtomicReference<>();
        CompletableFuture<String> task = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException interrupted) {
                ranToTheEnd.set("interrupted");
                return "stopped";
            }
            ranToTheEnd.set("yes");
            return "9.50";
        });
        started.await();

        task.cancel(true);
        release.countDown();

        await().until(() -> ranToTheEnd.get() != null);
        assertThat(task).isCancelled();
        assertThat(ranToTheEnd).as("the task, never interrupted").hasValue("yes");
    }
}
