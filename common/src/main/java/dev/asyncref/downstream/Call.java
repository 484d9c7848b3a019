package dev.asyncref.downstream;

import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One started downstream call: its scripted failure, if any, and the flag that lets exactly one ending win.
 * It is its own task on the network: when its latency has passed, a downstream thread runs it, and it
 * arrives at its service.
 */
final class Call<Q, R> implements Cancellable, Runnable, TimerTask {

    private static final VarHandle SETTLED;

    static {
        try {
            SETTLED = MethodHandles.lookup().findVarHandle(Call.class, "settled", boolean.class);
        } catch (ReflectiveOperationException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }

    private final SimulatedService<Q, R> service;
    private final long number;
    private final Q request;
    private final Callback<? super R> callback;
    private final RuntimeException failure;
    @SuppressWarnings("unused") // through SETTLED: a field, not an AtomicBoolean, saves an object per call
    private volatile boolean settled;
    private volatile Timeout timer;

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

    /** The latency has passed: on a downstream thread. */
    @Override
    public void run() {
        service.arrive(this);
    }

    /** The wheel's way of saying {@link #run}: it hands the call to a downstream thread, which runs it. */
    @Override
    public void run(Timeout timeout) {
        run();
    }

    /** Claims the call's one ending (answer, failure or cancellation); {@code false} if already ended. */
    boolean settle() {
        return SETTLED.compareAndSet(this, false, true);
    }

    boolean pending() {
        return !settled;
    }

    void timer(Timeout timer) {
        this.timer = timer;
    }

    void stopTimer() {
        Timeout scheduled = timer;
        if (scheduled != null) {
            scheduled.cancel();
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
