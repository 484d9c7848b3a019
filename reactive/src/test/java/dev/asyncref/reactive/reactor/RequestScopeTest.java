package dev.asyncref.reactive.reactor;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.Requests.as;
import static dev.asyncref.contract.TestOrders.ONE_PIZZA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.context.RequestContext;
import dev.asyncref.domain.PastOrder;
import dev.asyncref.domain.PizzeriaException;
import dev.asyncref.domain.Receipt;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/** How the request travels: in Reactor's Context, onto a thread's MDC only while the thread works for it. */
class RequestScopeTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(10);

    private final Downstream downstream = Downstream.start();
    private final ReactorPizzeria pizzeria = new ReactorPizzeria(downstream);

    @AfterEach
    void closeServices() {
        downstream.close();
        MDC.clear();
    }

    @Test
    void contextCaptureReadsTheIdTheCallerHasWhenItSubscribesNotWhenItAssembles() {
        Mono<Receipt> checkout = as("assembler", () -> pizzeria.checkout(ONE_PIZZA).contextCapture());

        as("subscriber", () -> StepVerifier.create(checkout).expectNextCount(1).expectComplete().verify(HANG_GUARD));

        assertThat(startedUnder("menu")).as("started on the subscribing thread").containsExactly("subscriber");
        assertThat(startedUnder("payments")).as("started on the downstream thread that brought the quote")
                .containsExactly("subscriber");
    }

    @Test
    void aFailureMadeOnADownstreamThreadNamesTheRequestFromTheContext() {
        downstream.payments().failWhen(payment -> true);

        as("r-7", () -> StepVerifier.create(pizzeria.checkout(ONE_PIZZA).contextCapture())
                .expectErrorSatisfies(error -> assertThat((PizzeriaException) error)
                        .returns("checkout", PizzeriaException::operation)
                        .returns("r-7", PizzeriaException::correlationId))
                .verify(HANG_GUARD));
    }

    @Test
    void aStreamFetchesUnderItsSubscribersIdWhicheverThreadRequestsAndLeavesThatThreadsMdcAlone()
            throws Exception {
        Demand<PastOrder> subscriber = new Demand<>();
        as("subscriber", () -> pizzeria.history("ada").contextCapture().subscribeWith(subscriber));
        CompletableFuture<Map<String, String>> requesterAfterwards = new CompletableFuture<>();

        Thread.ofPlatform().start(() -> as("intruder", () -> {
            subscriber.request(1);
            return requesterAfterwards.complete(MDC.getCopyOfContextMap());
        })).join();
        eventually().until(() -> downstream.history().calls() == 1);
        subscriber.dispose();

        assertThat(startedUnder("history")).containsExactly("subscriber");
        assertThat(requesterAfterwards.get(10, TimeUnit.SECONDS))
                .isEqualTo(Map.of(RequestContext.CORRELATION_ID, "intruder"));
    }

    @Test
    void theThreadsOfThePlanningPoolCarryNoRequestOnceThePlanningIsDone() throws Exception {
        as("r-1", () -> StepVerifier.create(pizzeria.planDelivery(ONE_PIZZA).contextCapture())
                .expectNextCount(1).expectComplete().verify(HANG_GUARD));

        // The parallel scheduler hands tasks to its threads in turn: one task per core reaches every thread.
        List<CompletableFuture<Map<String, String>>> mdcs = IntStream
                .range(0, Runtime.getRuntime().availableProcessors())
                .mapToObj(i -> {
                    CompletableFuture<Map<String, String>> mdc = new CompletableFuture<>();
                    ReactorServices.PLANNING.schedule(() -> mdc.complete(MDC.getCopyOfContextMap()));
                    return mdc;
                })
                .toList();

        assertThat(mdcs).allSatisfy(mdc -> assertThat(mdc.get(10, TimeUnit.SECONDS)).isNullOrEmpty());
    }

    @Test
    void inSetsTheRequestsMdcOnlyWhileItRunsAndPutsBackWhatTheThreadHad() {
        Context request = as("r-7", RequestScope::captured);
        MDC.put(RequestContext.CORRELATION_ID, "own");
        MDC.put("tenant", "north");
        AtomicReference<RequestContext> inside = new AtomicReference<>();

        RequestScope.in(request, () -> inside.set(RequestContext.current()));

        assertThat(inside.get()).isEqualTo(new RequestContext(null, "r-7"));
        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of(
                RequestContext.CORRELATION_ID, "own", "tenant", "north"));
    }

    @Test
    void aRequestWithoutAnIdRunsWithoutOneWhateverTheThreadCarried() {
        MDC.put(RequestContext.CORRELATION_ID, "someone-else");
        AtomicReference<RequestContext> inside = new AtomicReference<>();

        RequestScope.in(Context.empty(), () -> inside.set(RequestContext.current()));

        assertThat(inside.get()).isEqualTo(new RequestContext(null, null));
        assertThat(MDC.get(RequestContext.CORRELATION_ID)).isEqualTo("someone-else");
    }

    /** The correlation ids the calls to {@code service} were started with. */
    private List<String> startedUnder(String service) {
        return downstream.log().stream()
                .filter(event -> event.service().equals(service) && event.is(Kind.STARTED))
                .map(CallEvent::correlationId)
                .toList();
    }

    /** A subscriber that requests nothing by itself: every request comes from the test. */
    private static final class Demand<T> extends BaseSubscriber<T> {

        @Override
        protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {}
    }
}
