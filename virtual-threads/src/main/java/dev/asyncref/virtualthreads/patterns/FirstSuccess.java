package dev.asyncref.virtualthreads.patterns;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The first success among blocking calls made at once, each on a virtual thread of its own: a failure only
 * loses, the losers are interrupted and have stopped before the winner's value is returned, and once every call
 * has failed, the caller's exception carries every failure.
 *
 * <p>The trap it avoids: {@code ExecutorService.invokeAny} returns the first success and cancels the rest, but
 * once all have failed it throws one {@code ExecutionException} holding a single failure: the others are lost.
 * Here each failure is kept as it comes, and the executor's {@code close()}, which waits for every thread it
 * started, comes before the value is returned, so no loser outlives the race.
 *
 * <p>What it needs from the client: a blocking call that an interrupt cancels (it stops the call and throws
 * {@link InterruptedException}, as the JDK's blocking methods do). A call that swallows the interrupt keeps
 * running after it lost, and the race waits for it before returning.
 *
 * {@snippet :
 * BigDecimal price = FirstSuccess.firstSuccess(
 *         List.of(() -> europe.price(sku), () -> america.price(sku)),
 *         failures -> new PriceUnavailableException(sku, failures));
 * }
 */
public final class FirstSuccess {

    private FirstSuccess() {}

    /**
     * Makes every call at once, each on a new virtual thread, and returns the first value, once every other call
     * has stopped; interrupting the caller interrupts them all and throws {@link InterruptedException}.
     *
     * @param alternatives the calls, each made once
     * @param allFailed the exception to throw once all have failed, made from their failures in the order they
     *     failed
     * @throws IllegalArgumentException if there is no alternative
     */
    public static <T, X extends Exception> T firstSuccess(List<? extends Callable<? extends T>> alternatives,
            Function<? super List<Throwable>, ? extends X> allFailed) throws X, InterruptedException {
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("no alternatives to race");
        }
        if (Thread.interrupted()) {
            // A new thread does not inherit the interrupt: every call would start before take() noticed it.
            throw new InterruptedException("no call made: the caller was interrupted");
        }
        List<Throwable> failures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletionService<T> race = new ExecutorCompletionService<>(threads);
            List<Future<T>> calls = new ArrayList<>();
            alternatives.forEach(alternative -> calls.add(race.submit(alternative::call)));
            try {
                for (int ended = 0; ended < calls.size(); ended++) {
                    Future<T> call = race.take(); // in the order they end: a failure is seen when it happens
                    if (call.state() == Future.State.SUCCESS) {
                        return call.resultNow(); // once finally has interrupted the losers, and close() waited
                    }
                    failures.add(call.exceptionNow());
                }
            } finally {
                calls.forEach(call -> call.cancel(true));
            }
        }
        throw allFailed.apply(List.copyOf(failures));
    }
}
