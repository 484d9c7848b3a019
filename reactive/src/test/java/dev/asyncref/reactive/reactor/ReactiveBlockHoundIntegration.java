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
 *   <li><b>The simulated services may take their executor's lock.</b> They stand in for a non-blocking
 *       client: starting or cancelling a call queues or removes its answer's timer in a
 *       {@code ScheduledThreadPoolExecutor}, whose lock is held for a few instructions and parks a thread
 *       only while another holds it. reactor-core's integration allows the same lock for the queue's
 *       {@code offer} and {@code take}; starting also adds a worker under the pool's lock, and cancelling
 *       removes the timer under the queue's. Only these two methods: {@code callBlocking}, the blocking face
 *       that waits for the answer, stays forbidden on a non-blocking thread.
 * </ul>
 */
public final class ReactiveBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.nonBlockingThreadPredicate(nonBlocking -> nonBlocking.or(NonBlockingThread.class::isInstance));
        builder.allowBlockingCallsInside("dev.asyncref.downstream.SimulatedService", "call");
        builder.allowBlockingCallsInside("dev.asyncref.downstream.SimulatedService", "cancel");
    }
}
