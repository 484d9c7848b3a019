package dev.asyncref.downstream;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * A remote service, simulated: every call takes the configured latency, may be scripted to fail, may be
 * held at a gate, and is counted and logged.
 *
 * <ul>
 *   <li><b>Threads.</b> Answers are always delivered on a downstream thread ({@code downstream-N}), never on
 *       the caller's, even with zero latency, so no style can come to depend on a synchronous answer. Those
 *       threads are the services' event loop: code that blocks in a callback stalls every service.
 *   <li><b>Cancellation.</b> {@link Cancellable#cancel()} before the answer ends the call: it is logged as
 *       cancelled, leaves the in-flight count, and its callback is never called. After the answer it does
 *       nothing.
 *   <li><b>Errors.</b> A scripted failure reaches {@link Callback#onFailure} (asynchronous face) or is thrown
 *       as it is (blocking face), never wrapped.
 *   <li><b>Blocking face.</b> Waits for the same answer as the asynchronous face; interrupting the waiting
 *       thread cancels the call and throws {@link InterruptedException}, and an interrupted thread starts
 *       no call.
 * </ul>
 *
 * @param <Q> what a call asks
 * @param <R> what a call answers
 */
public abstract class SimulatedService<Q, R> {

    /** Which calls, by call number, take a latency of their own. */
    private record SlowCalls(LongPredicate which, Duration latency) {}

    /** Which calls fail, by call number and request, and with what. */
    private record Fault<Q>(
            BiPredicate<Long, ? super Q> which, BiFunction<Long, ? super Q, ? extends RuntimeException> error) {}

    private final String name;
    private final Network network;
    private final CallLog log;
    private volatile Function<? super Q, ? extends R> answerer;
    private final Gate gate = new Gate();
    private final List<Fault<Q>> faults = new CopyOnWriteArrayList<>();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Duration latency;
    private final List<SlowCalls> slowCalls = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    SimulatedService(String name, Downstream.Settings settings, Network network, CallLog log,
            Function<? super Q, ? extends R> answerer) {
        this.name = name;
        this.network = network;
        this.log = log;
        this.answerer = answerer;
        this.latency = settings.latency();
    }

    /** Starts a call; the answer reaches {@code callback} on a downstream thread. */
    protected final Cancellable call(Q request, Callback<? super R> callback) {
        Objects.requireNonNull(callback, "callback");
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
        long number = calls.incrementAndGet();
        Call<Q, R> call = new Call<>(this, number, request, callback, faultFor(number, request));
        int now = inFlight.incrementAndGet();
        if (now > maxInFlight.get()) {
            maxInFlight.accumulateAndGet(now, Math::max);
        }
        log.record(name, call.number(), CallEvent.Kind.STARTED, request);
        try {
            call.timer(network.after(latencyOf(number), call));
        } catch (IllegalStateException closing) {
            refuse(call, closing); // close() ran after the check above
        }
        if (closed) {
            // close() may have stopped the network just before this call reached it, which then would never
            // answer: unless close() has failed it already, it ends here.
            refuse(call, null);
        }
        return call;
    }

    /** Ends a call that the closing network will not answer, unless something else ended it first. */
    private void refuse(Call<Q, R> call, IllegalStateException closing) {
        if (call.settle()) {
            call.stopTimer();
            log.record(name, call.number(), CallEvent.Kind.FAILED, call.request());
            leave();
            throw new IllegalStateException(name + " is closed", closing);
        }
    }

    /**
     * Makes a call and waits for its answer; interrupting the wait cancels the call. A thread that is
     * already interrupted starts nothing and throws at once, as {@code Thread.sleep} and
     * {@code BlockingQueue.take} do: an operation interrupted between two steps starts no further step.
     */
    protected final R callBlocking(Q request) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException(name + " not called: the caller was interrupted");
        }
        CompletableFuture<R> answer = new CompletableFuture<>();
        Cancellable call = call(request, Callback.of(answer::complete, answer::completeExceptionally));
        try {
            return answer.get();
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (CancellationException serviceOwn) {
            // Nobody cancels answer: this is a service failing with a CancellationException of its own, which
            // get() hands back wrapped in a new one.
            throw (CancellationException) serviceOwn.getCause();
        } catch (InterruptedException e) {
            if (call.cancel()) {
                throw e;
            }
            // The answer won the race with the interrupt: hand it over (a caller that charged a card must
            // learn of it) and keep the interrupt pending for the caller's next wait.
            Thread.currentThread().interrupt();
            try {
                return answer.join();
            } catch (CompletionException | CancellationException failed) {
                throw (RuntimeException) failed.getCause();
            }
        }
    }

    private Duration latencyOf(long number) {
        for (SlowCalls slow : slowCalls) {
            if (slow.which().test(number)) {
                return slow.latency();
            }
        }
        return latency;
    }

    private RuntimeException faultFor(long number, Q request) {
        for (Fault<Q> fault : faults) {
            if (fault.which().test(number, request)) {
                return fault.error().apply(number, request);
            }
        }
        return null;
    }

    /** The call's latency has passed (or the network is closing): on a downstream thread. */
    void arrive(Call<Q, R> call) {
        if (closed || gate.admit(call)) {
            answer(call);
        }
    }

    private void answer(Call<Q, R> call) {
        if (!call.settle()) {
            return;
        }
        R value = null;
        RuntimeException failure =
                closed ? new DownstreamException(name, "closed while the call was in flight") : call.failure();
        if (failure == null) {
            try {
                value = answerer.apply(call.request());
            } catch (RuntimeException unanswerable) {
                failure = unanswerable; // a remote service answers a request it cannot serve with an error
            }
        }
        log.record(name, call.number(), failure == null ? CallEvent.Kind.SUCCEEDED : CallEvent.Kind.FAILED,
                call.request());
        leave();
        notify(call.callback(), value, failure);
    }

    private static <R> void notify(Callback<? super R> callback, R value, RuntimeException failure) {
        try {
            if (failure == null) {
                callback.onSuccess(value);
            } else {
                callback.onFailure(failure);
            }
        } catch (RuntimeException | Error callbackBug) {
            // A throwing callback is a bug in the caller's code; swallowing it (as a scheduled task would)
            // would turn it into a silent hang, so it goes where uncaught exceptions go.
            Thread thread = Thread.currentThread();
            thread.getUncaughtExceptionHandler().uncaughtException(thread, callbackBug);
        }
    }

    boolean cancel(Call<Q, R> call) {
        if (!call.settle()) {
            return false;
        }
        call.stopTimer();
        log.record(name, call.number(), CallEvent.Kind.CANCELLED, call.request());
        leave();
        return true;
    }

    private void leave() {
        inFlight.decrementAndGet();
    }

    // ---- Scripting, for tests and the demo ----

    /** Sets the latency of calls started from now on. */
    public SimulatedService<Q, R> latency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must be zero or positive, got " + latency);
        }
        this.latency = latency;
        return this;
    }

    /**
     * Calls whose number matches (the first call is 1) take {@code latency} instead of the service's: one
     * slow server behind a load balancer, say.
     */
    public SimulatedService<Q, R> latency(LongPredicate which, Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must be zero or positive, got " + latency);
        }
        slowCalls.add(new SlowCalls(which, latency));
        return this;
    }

    /** Calls whose request matches fail with a {@link DownstreamException} naming the request. */
    public SimulatedService<Q, R> failWhen(Predicate<? super Q> which) {
        return failWhen(which, request -> new DownstreamException(name, "failed while serving " + request));
    }

    /** Calls whose request matches fail with the exception {@code error} makes for them. */
    public SimulatedService<Q, R> failWhen(Predicate<? super Q> which,
            Function<? super Q, ? extends RuntimeException> error) {
        faults.add(new Fault<>((number, request) -> which.test(request),
                (number, request) -> error.apply(request)));
        return this;
    }

    /**
     * Calls whose number matches (the first call is 1) fail with a retryable {@link DownstreamException}:
     * a flaky service, whatever it is asked. {@code failCalls(n -> n <= 2)} fails the first two calls.
     */
    public SimulatedService<Q, R> failCalls(LongPredicate which) {
        faults.add(new Fault<>((number, request) -> which.test(number),
                (number, request) -> new DownstreamException(name, "call " + number + " unavailable, try again")));
        return this;
    }

    /** Calls whose number matches (the first call is 1) fail with the exception {@code error} makes for them. */
    public SimulatedService<Q, R> failCalls(
            LongPredicate which, Function<? super Q, ? extends RuntimeException> error) {
        faults.add(new Fault<>((number, request) -> which.test(number),
                (number, request) -> error.apply(request)));
        return this;
    }

    /** Calls answered from now on are answered by {@code answerer}: for services whose answers tests choose. */
    protected final void answerWith(Function<? super Q, ? extends R> answerer) {
        this.answerer = Objects.requireNonNull(answerer, "answerer");
    }

    /** From now on, answers wait at the gate until {@link #release} or {@link #open}. */
    public void hold() {
        gate.hold();
    }

    /**
     * Lets the calls waiting at the gate whose request matches be answered; the gate stays closed.
     *
     * @return how many calls were released
     */
    @SuppressWarnings("unchecked")
    public int release(Predicate<? super Q> which) {
        List<Call<?, ?>> released = gate.release(call -> which.test((Q) call.request()));
        answerLater(released);
        return released.size();
    }

    /**
     * Lets the waiting call with that number (as in the call log) be answered; the gate stays closed. For
     * telling apart calls that ask the same thing, such as a request and its hedge.
     *
     * @return whether that call was waiting
     */
    public boolean releaseCall(long number) {
        List<Call<?, ?>> released = gate.release(call -> call.number() == number);
        answerLater(released);
        return !released.isEmpty();
    }

    /** Stops holding: every waiting call is answered, and later calls pass straight through. */
    public void open() {
        answerLater(gate.open());
    }

    /** Answers calls let out of the gate, each on a downstream thread, as an arriving answer would be. */
    @SuppressWarnings("unchecked")
    private void answerLater(List<Call<?, ?>> released) {
        released.forEach(call -> network.execute(() -> answer((Call<Q, R>) call)));
    }

    // ---- Observation ----

    public String name() {
        return name;
    }

    /** Calls started so far. */
    public long calls() {
        return calls.get();
    }

    /** Calls started and neither answered nor cancelled yet. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The highest {@link #inFlight()} seen so far. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Calls whose answer is ready and waiting at the closed gate. */
    public int waiting() {
        return gate.waiting();
    }

    /** What the calls waiting at the closed gate asked, longest waiting first. */
    @SuppressWarnings("unchecked")
    public List<Q> waitingRequests() {
        return (List<Q>) gate.waitingRequests();
    }

    /** This service's entries of the call log, in the order they were recorded. */
    public List<CallEvent> log() {
        return log.events().stream().filter(event -> event.service().equals(name)).toList();
    }

    /**
     * Closes the service: it refuses new calls, and every call still pending fails as it arrives, on a
     * downstream thread like any answer. The calls held at the gate arrive now; {@link Downstream#close} makes
     * the calls still timing arrive too, so that no caller waits forever on a closed service.
     */
    void close() {
        closed = true;
        answerLater(gate.open());
    }

    @Override
    public String toString() {
        return name;
    }
}
