package dev.asyncref.reactive.rxjava;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.Requests.as;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asyncref.context.RequestContext;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.TimedOutException;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Callback;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.MenuService;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.Schedulers;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/**
 * How {@link RxPizzeria} carries its subscriber's request ({@link Request}, passed by hand): read as it
 * subscribes, put on whatever thread does the request's work, and taken off again. The other thread's MDC
 * is someone else's on purpose.
 */
class RxRequestContextTest {

    private static final long HANG_GUARD_SECONDS = 10;
    private static final Duration DELAY = Duration.ofMinutes(1);
    private static final Map<String, String> SOMEONE_ELSES = Map.of(RequestContext.CORRELATION_ID, "someone-else");

    // One downstream thread: the thread that delivered the request's answers is the one checked afterwards.
    private final Downstream downstream = Downstream.start(Downstream.Settings.defaults().withThreads(1));
    private final MenuService menu = downstream.menu();
    @RegisterExtension
    final UndeliverableErrors undeliverable = new UndeliverableErrors();

    @AfterEach
    void closeServices() {
        MDC.clear();
        downstream.close();
    }

    @Test
    void theRequestIsTheSubscribersNotTheAssemblers() {
        Single<Quote> quote = as("assembler", () -> new RxPizzeria(downstream).quote(ONE_PIZZA));

        as("subscriber", () -> quote.test()).awaitDone(HANG_GUARD_SECONDS, SECONDS).assertComplete();

        assertThat(menu.log()).filteredOn(event -> event.is(Kind.STARTED))
                .extracting(CallEvent::correlationId).containsExactly("subscriber");
    }

    @Test
    void aHedgeSentFromAnotherRequestsThreadCarriesItsOwnRequestAndLeavesThatThreadsMdcAlone() {
        TestScheduler clock = new TestScheduler();
        menu.hold();
        TestObserver<Quote> quote = as("request-1", () -> new RxPizzeria(downstream, clock)
                .quoteHedged(ONE_PIZZA, DELAY).test());

        // A TestScheduler fires its timers on the thread that moves it: here, one that carries another request.
        MDC.setContextMap(SOMEONE_ELSES);
        clock.advanceTimeBy(DELAY.toNanos(), NANOSECONDS);

        assertThat(menu.log()).filteredOn(event -> event.is(Kind.STARTED))
                .extracting(CallEvent::thread, CallEvent::correlationId)
                .as("the first call, then the hedge on the timer's (the test's) thread")
                .containsExactly(tuple(Thread.currentThread().getName(), "request-1"),
                        tuple(Thread.currentThread().getName(), "request-1"));
        assertThat(MDC.getCopyOfContextMap()).isEqualTo(SOMEONE_ELSES);
        menu.open();
        quote.awaitDone(HANG_GUARD_SECONDS, SECONDS).assertComplete();
    }

    @Test
    void aTimeoutMadeOnAnotherRequestsThreadNamesItsOwnRequest() {
        TestScheduler clock = new TestScheduler();
        menu.hold();
        TestObserver<Quote> quote = as("request-1", () -> new RxPizzeria(downstream, clock)
                .quoteWithin(ONE_PIZZA, DELAY).test());

        MDC.setContextMap(SOMEONE_ELSES);
        clock.advanceTimeBy(DELAY.toNanos(), NANOSECONDS);

        quote.assertError(error -> error instanceof TimedOutException timedOut
                && timedOut.getMessage().startsWith("quoteWithin [request request-1]: step 'quote' timed out"));
        assertThat(MDC.getCopyOfContextMap()).isEqualTo(SOMEONE_ELSES);
    }

    @Test
    void theDownstreamBlockingAndPlanningThreadsKeepNothingOfTheRequest() throws Exception {
        ExecutorService lookups = Executors.newSingleThreadExecutor();
        ExecutorService plannings = Executors.newSingleThreadExecutor();
        try {
            RxPizzeria pizzeria = new RxPizzeria(downstream, Schedulers.computation(),
                    Schedulers.from(lookups, true), Schedulers.from(plannings));
            as("request-1", () -> pizzeria.checkout(ONE_PIZZA).test()).awaitDone(HANG_GUARD_SECONDS, SECONDS)
                    .assertComplete();
            as("request-1", () -> pizzeria.planDelivery(ONE_PIZZA).test()).awaitDone(HANG_GUARD_SECONDS, SECONDS)
                    .assertComplete();

            assertThat(mdcOfTheDownstreamThread()).as("downstream").isNullOrEmpty();
            assertThat(lookups.submit(MDC::getCopyOfContextMap).get()).as("blocking").isNullOrEmpty();
            assertThat(plannings.submit(MDC::getCopyOfContextMap).get()).as("planning").isNullOrEmpty();
        } finally {
            lookups.shutdown();
            plannings.shutdown();
        }
    }

    /** The MDC the (single) downstream thread has when it delivers the next answer. */
    private Map<String, String> mdcOfTheDownstreamThread() {
        CompletableFuture<Map<String, String>> mdc = new CompletableFuture<>();
        menu.quote(ONE_PIZZA, Callback.of(quote -> mdc.complete(
                Objects.requireNonNullElse(MDC.getCopyOfContextMap(), Map.of())), mdc::completeExceptionally));
        eventually().until(mdc::isDone);
        return mdc.join();
    }
}
