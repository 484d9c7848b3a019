package dev.asyncref.virtualthreads;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The pinning check can fail: a class whose virtual thread pins its carrier fails, one that does not passes. */
class NoPinnedThreadsTest {

    @Test
    void failsAClassWhoseVirtualThreadBlocksInAClassInitializer() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(Pins.class)).execute()
                .containerEvents().assertThatEvents().haveExactly(1, event(container(Pins.class),
                        finishedWithFailure(message(text -> text.contains("pinned their carrier")
                                && text.contains(SlowInitializer.class.getName())))));
    }

    @Test
    void passesAClassWhoseVirtualThreadsBlockWithoutPinning() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(DoesNotPin.class)).execute()
                .containerEvents().assertThatEvents().haveExactly(1, event(container(DoesNotPin.class),
                        finishedSuccessfully()));
    }

    /** Run only through the test kit above: surefire leaves nested classes alone. */
    @ExtendWith(NoPinnedThreads.class)
    static class Pins {

        @Test
        void blocksInAClassInitializer() throws InterruptedException {
            Thread.ofVirtual().start(SlowInitializer::load).join();
        }
    }

    @ExtendWith(NoPinnedThreads.class)
    static class DoesNotPin {

        private final Object lock = new Object();

        @Test
        void blocksInsideSynchronized() throws InterruptedException {
            // Pinned before JDK 24 (JEP 491); a virtual thread now unmounts here like anywhere else.
            Thread.ofVirtual().start(() -> {
                synchronized (lock) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
            }).join();
        }
    }

    /** A class whose initializer blocks: a virtual thread cannot unmount while initializing a class. */
    static final class SlowInitializer {

        static {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }

        static void load() {}
    }
}
