package dev.asyncref.reactive.reactor;

import io.reactivex.rxjava3.internal.schedulers.NonBlockingThread;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What this module's tests add to BlockHound, which blockhound-junit-platform installs before the first test
 * with every integration on the class path (BlockHound's own, and reactor-core's, which makes Reactor's
 * {@code parallel} and {@code single} threads non-blocking). Loaded by the ServiceLoader file in the test
 * resources.
 *
 * <ul>
 *   <li><b>RxJava 3's computation and single threads are non-blocking.</b> BlockHound 1.0.13 knows only
 *       RxJava 2's marker ({@code io.reactivex.internal.schedulers.NonBlockingThread}); RxJava 3 marks the
 *       same threads with its own, in another package.
 *   <li><b>Cancelling a simulated call may wait for its executor's lock.</b> The services stand in for a
 *       non-blocking client; cancelling a call (a timeout's timer does, on a {@code parallel} thread) takes
 *       its answer's timer out of a {@code ScheduledThreadPoolExecutor}'s queue, whose lock is held for a
 *       few instructions and parks the thread only while another thread holds it. reactor-core's
 *       integration allows that lock for the queue's {@code offer} and {@code take}; its {@code remove}
 *       needs the same. Seen under load (thousands of timeouts at once): without it, BlockHound's error
 *       is thrown inside the cancel, and the timed-out operation never completes. Only this method: the
 *       services' blocking face, which waits for an answer, stays forbidden on a non-blocking thread.
 * </ul>
 */
public final class ReactiveBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.nonBlockingThreadPredicate(nonBlocking -> nonBlocking.or(NonBlockingThread.class::isInstance));
        builder.allowBlockingCallsInside("dev.asyncref.downstream.SimulatedService", "cancel");
    }
}
