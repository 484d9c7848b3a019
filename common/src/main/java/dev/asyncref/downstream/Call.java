package dev.asyncref.downstream;

import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/** One started downstream call: its scripted failure, if any, and the flag that lets exactly one ending win. */
final class Call<Q, R> implements Cancellable {

    private final SimulatedService<Q, R> service;
    private final long number;
    private final Q request;
    private final Callback<? super R> callback;
    private final RuntimeException failure;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile Future<?> timer;

    Call(SimulatedService<Q, R> service, long number, Q request, Callback<? super R> callback,
            RuntimeException failure) {
        this.service = service;
        this.number = number;
        this.request = request;
        this.callback = callback;
        this.failure = failure;
    }

    @Override
    public boolean cancel() {
        return service.cancel(this);
    }

    /** Claims the call's one ending (answer, failure or cancellation); {@code false} if already ended. */
    boolean settle() {
        return settled.compareAndSet(false, true);
    }

    boolean pending() {
        return !settled.get();
    }

    void timer(Future<?> timer) {
        this.timer = timer;
    }

    void stopTimer() {
        Future<?> scheduled = timer;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    long number() {
        return number;
    }

    Q request() {
        return request;
    }

    Callback<? super R> callback() {
        return callback;
    }

    RuntimeException failure() {
        return failure;
    }
}
