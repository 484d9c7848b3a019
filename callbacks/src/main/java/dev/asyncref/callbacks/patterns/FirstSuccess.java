package dev.asyncref.callbacks.patterns;

import dev.asyncref.callbacks.patterns.Call.Callback;
import dev.asyncref.callbacks.patterns.Call.Cancellable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The first success among alternatives started together: a failure only loses, the losers are cancelled
 * before the winner's value is delivered, and once every alternative has failed, the caller's exception
 * carries every failure.
 *
 * <p>The trap it avoids: one callback shared by every runner hears the first answer, a quick failure as much
 * as a value, and then hears again from every other runner; and a winner delivered from its own thread while
 * a later runner is still being started on another cannot cancel that runner, whose handle does not exist
 * yet. Here each start holds the race's lock, so an answer that comes meanwhile waits for the handle, and the
 * race hears one outcome, once.
 *
 * <p>What it needs from the client: cancelling a call cancels it. A handle that only forgets the callback (or
 * a future's adapter that does not cancel the future, see {@code Adapters.fromFuture}) leaves its loser
 * running.
 *
 * {@snippet :
 * Call.Cancellable pricing = FirstSuccess.firstSuccess(
 *                 List.of(europe.price(sku), america.price(sku)),
 *                 failures -> new PriceUnavailableException(sku, failures))
 *         .start(Call.Callback.of(this::show, this::showFailure));
 * }
 */
public final class FirstSuccess {

    private FirstSuccess() {}

    /**
     * A call that starts every alternative, in order, on the thread that starts it, and answers on the thread
     * that brings the first value, once every other call has been cancelled. An alternative that answers with
     * a value at once wins before the ones after it start: they never do.
     *
     * @param allFailed the exception to fail with once all have failed, made from their failures in the order
     *     they failed
     * @throws IllegalArgumentException if there is no alternative
     */
    public static <T> Call<T> firstSuccess(List<? extends Call<T>> alternatives,
            Function<? super List<Throwable>, ? extends Throwable> allFailed) {
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("no alternatives to race");
        }
        List<Call<T>> runners = List.copyOf(alternatives);
        // The race's state is made per start, never shared: starting the returned call twice runs two races.
        return callback -> new Race<>(runners, allFailed, callback).start();
    }

    /** One race: the calls started so far, the failures so far, and whether it is over. */
    private static final class Race<T> implements Cancellable {

        private final List<Call<T>> alternatives;
        private final Function<? super List<Throwable>, ? extends Throwable> allFailed;
        private final Callback<T> callback;
        private final List<Cancellable> started = new ArrayList<>();
        private final List<Throwable> failures = new ArrayList<>();
        private boolean over;

        Race(List<Call<T>> alternatives, Function<? super List<Throwable>, ? extends Throwable> allFailed,
                Callback<T> callback) {
            this.alternatives = alternatives;
            this.allFailed = allFailed;
            this.callback = callback;
        }

        Cancellable start() {
            for (Call<T> alternative : alternatives) {
                synchronized (this) {
                    if (over) {
                        break;
                    }
                    started.add(alternative.start(Callback.of(this::won, this::lost)));
                }
            }
            return this;
        }

        private void won(T value) {
            if (end()) {
                callback.onSuccess(value);
            }
        }

        private void lost(Throwable failure) {
            List<Throwable> all;
            synchronized (this) {
                if (over) {
                    return;
                }
                failures.add(failure);
                if (failures.size() < alternatives.size()) {
                    return;
                }
                all = List.copyOf(failures);
            }
            if (end()) {
                callback.onFailure(allFailed.apply(all));
            }
        }

        @Override
        public void cancel() {
            end();
        }

        /** Ends the race unless it is over, cancelling every call started: the losers, before the outcome. */
        private boolean end() {
            List<Cancellable> cancelling;
            synchronized (this) {
                if (over) {
                    return false;
                }
                over = true;
                cancelling = List.copyOf(started);
            }
            cancelling.forEach(Cancellable::cancel);
            return true;
        }
    }
}
