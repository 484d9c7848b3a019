package dev.asyncref.reactive.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.contract.Stochastic;
import dev.asyncref.domain.Page;
import dev.asyncref.downstream.Downstream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * A stream's call, made on its first request whichever thread makes it ({@link ReactorServices#page}): here the
 * request comes from another thread the moment the subscription is handed over, while the subscribing thread is
 * still setting up the call's sink.
 */
class OnDemandCallTest {

    /** On this machine (2 cores) about one subscription in twenty met the window with the fix taken out. */
    private static final int SUBSCRIPTIONS = 5_000;

    private final Downstream downstream = Downstream.start();
    private final ReactorServices services = new ReactorServices(downstream, ReactorServices.PLANNING);

    @AfterEach
    void closeServices() {
        downstream.close();
    }

    /**
     * Stochastic: the window lies inside reactor-core's {@code MonoSink}, between its reading the request
     * consumer and its recording the request, where no test can hold a thread; so the request is raced against
     * the set-up many times. A lost request leaves the call unmade for ever; whether it was made is read once
     * both threads are done, so a slow machine can only make the race rarer, never fail a correct
     * implementation.
     */
    @Test
    @Stochastic
    void stochastic_aFirstRequestFromAnotherThreadDuringTheSinksSetUpMakesTheCall() throws InterruptedException {
        downstream.history().hold();
        Requester requester = new Requester();
        Thread requesting = Thread.ofPlatform().start(requester);
        int lost = 0;
        try {
            for (int subscription = 1; subscription <= SUBSCRIPTIONS; subscription++) {
                long callsBefore = downstream.history().calls();
                BaseSubscriber<Page> subscriber = new BaseSubscriber<>() {
                    @Override
                    protected void hookOnSubscribe(Subscription subscription) {
                        requester.handed.set(subscription);
                    }
                };
                services.page("ada", 0).subscribe(subscriber);
                requester.awaitRequests(subscription);
                if (downstream.history().calls() == callsBefore) {
                    lost++;
                }
                subscriber.cancel();
            }
        } finally {
            requesting.interrupt();
            requesting.join();
        }

        assertThat(lost).as("first requests that made no call, of %d", SUBSCRIPTIONS).isZero();
    }

    /** Requests one item of each subscription handed to it the moment it sees it: it spins, not to miss the window. */
    private static final class Requester implements Runnable {

        final AtomicReference<Subscription> handed = new AtomicReference<>();
        private final AtomicLong requests = new AtomicLong();

        @Override
        public void run() {
            while (!Thread.currentThread().isInterrupted()) {
                Subscription subscription = handed.getAndSet(null);
                if (subscription != null) {
                    subscription.request(1);
                    requests.incrementAndGet();
                }
                Thread.onSpinWait();
            }
        }

        void awaitRequests(long count) {
            while (requests.get() < count) {
                Thread.onSpinWait();
            }
        }
    }
}
