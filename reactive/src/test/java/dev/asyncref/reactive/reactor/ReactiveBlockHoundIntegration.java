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
 *   <li><b>Starting a simulated call may wait for the network's locks.</b> The services stand in for a
 *       non-blocking client; starting a call (a retry or a hedge does, on a {@code parallel} thread) hands it
 *       to the simulated network ({@code Network}): a zero latency puts its answer straight on the downstream
 *       threads' queue, whose lock is held for a few instructions and parks the thread only while another
 *       thread holds it, and the first call with a latency starts the timer wheel and waits for its thread to
 *       be up. Without the allowance, a thousand timeouts at once could throw BlockHound's error inside a
 *       start, and the operation would never complete. Only these two methods: the services' blocking face,
 *       which waits for an answer, stays forbidden on a non-blocking thread.
 * </ul>
 */
public final class ReactiveBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.nonBlockingThreadPredicate(nonBlocking -> nonBlocking.or(NonBlockingThread.class::isInstance));
        builder.allowBlockingCallsInside("dev.asyncref.downstream.Network", "after");
        builder.allowBlockingCallsInside("dev.asyncref.downstream.Network", "execute");
    }
}
