package dev.asyncref.virtualthreads.patterns;

import static dev.asyncref.contract.Outcomes.eventually;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A blocking client whose calls the test answers by hand: each call blocks the thread that makes it until the
 * test answers it, and an interrupt cancels it, so that what a helper started, interrupted or left running is
 * read, not timed.
 */
public final class Calls<T> implements Callable<T> {

    private final List<Call<T>> made = new CopyOnWriteArrayList<>();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    /** Makes a call, and blocks until the test answers it or the thread is interrupted. */
    @Override
    public T call() throws Exception {
        return make(null);
    }

    /** The call for {@code item}, as a helper makes one per item. */
    public Callable<T> of(String item) {
        return () -> make(item);
    }

    private T make(String item) throws Exception {
        Call<T> call = new Call<>(item, Thread.currentThread());
        made.add(call);
        maxInFlight.accumulateAndGet(inFlight(), Math::max);
        return call.await();
    }

    /** Call {@code number}, from 1, once it has been made. */
    public Call<T> call(int number) {
        eventually().until(() -> made.size() >= number);
        return made.get(number - 1);
    }

    /** Of the calls in flight, the one whose item comes last in {@code items}. */
    public Call<T> lastInFlightOf(List<String> items) {
        return made.stream().filter(Call::inFlight).max(Comparator.comparingInt(call -> items.indexOf(call.item)))
                .orElseThrow();
    }

    public List<Call<T>> made() {
        return List.copyOf(made);
    }

    public int count() {
        return made.size();
    }

    /** How many calls have been made and have neither answered nor stopped. */
    public int inFlight() {
        return (int) made.stream().filter(Call::inFlight).count();
    }

    /** The most calls ever in flight at once. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** How many calls an interrupt stopped. */
    public long cancelled() {
        return made.stream().filter(Call::cancelled).count();
    }

    /** One call: what it was for, the thread that made it, and what became of it. */
    public static final class Call<T> {

        private final String item;
        private final Thread thread;
        private final CompletableFuture<T> answer = new CompletableFuture<>();
        private volatile boolean cancelled;
        private volatile boolean ended;

        Call(String item, Thread thread) {
            this.item = item;
            this.thread = thread;
        }

        private T await() throws Exception {
            try {
                return answer.get();
            } catch (InterruptedException interrupted) {
                cancelled = true;
                throw interrupted;
            } catch (ExecutionException failed) {
                throw (Exception) failed.getCause();
            } finally {
                ended = true;
            }
        }

        public void answer(T value) {
            answer.complete(value);
        }

        public void fail(Exception failure) {
            answer.completeExceptionally(failure);
        }

        public String item() {
            return item;
        }

        public Thread thread() {
            return thread;
        }

        public boolean cancelled() {
            return cancelled;
        }

        public boolean inFlight() {
            return !ended;
        }

        /** Waits until the call has returned or thrown. */
        public void awaitEnded() {
            eventually().until(() -> ended);
        }

        /** Waits until the thread that made the call has ended: a helper that forked it has seen its outcome. */
        public void awaitItsThread() {
            eventually().until(() -> !thread.isAlive());
        }
    }
}
