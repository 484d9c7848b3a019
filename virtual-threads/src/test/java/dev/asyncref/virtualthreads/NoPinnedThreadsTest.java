package dev.asyncref.virtualthreads;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.DynamicCallSiteDesc;
import java.lang.constant.MethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The pinning check can fail: a class whose virtual thread pins its carrier fails; one that does not, or that
 * is pinned only by the JDK's own linking, passes.
 */
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

    @Test
    void passesAClassWhoseVirtualThreadBlocksWhileTheJdkLinksACallSite() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(BlocksWhileLinking.class)).execute()
                .containerEvents().assertThatEvents().haveExactly(1, event(container(BlocksWhileLinking.class),
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

    @ExtendWith(NoPinnedThreads.class)
    static class BlocksWhileLinking {

        @Test
        void linksACallSiteWhoseBootstrapBlocks() throws Throwable {
            MethodHandle linksOnFirstCall = SlowLinking.aCallSite();
            Thread.ofVirtual().start(() -> {
                try {
                    linksOnFirstCall.invokeExact();
                } catch (Throwable unexpected) {
                    throw new AssertionError(unexpected);
                }
            }).join();
        }
    }

    /**
     * An {@code invokedynamic} whose bootstrap blocks, as the JDK's own bootstraps (string concatenation,
     * lambdas) do when another thread holds a lock they need: the VM runs a bootstrap under a native frame.
     * Java source cannot name a bootstrap, so the call site is written with the class-file API.
     */
    static final class SlowLinking {

        static CallSite bootstrap(MethodHandles.Lookup caller, String name, MethodType type) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            return new ConstantCallSite(MethodHandles.empty(type));
        }

        /** A static method of a new class, whose one instruction links on its first call. */
        static MethodHandle aCallSite() throws ReflectiveOperationException {
            MethodTypeDesc nothing = MethodTypeDesc.of(ConstantDescs.CD_void);
            MethodTypeDesc bootstrapType = MethodTypeDesc.of(ConstantDescs.CD_CallSite,
                    ConstantDescs.CD_MethodHandles_Lookup, ConstantDescs.CD_String, ConstantDescs.CD_MethodType);
            DirectMethodHandleDesc bootstrap = MethodHandleDesc.ofMethod(DirectMethodHandleDesc.Kind.STATIC,
                    ClassDesc.of(SlowLinking.class.getName()), "bootstrap", bootstrapType);
            byte[] linking = ClassFile.of().build(ClassDesc.of(SlowLinking.class.getPackageName(), "Linking"),
                    type -> type.withMethodBody("run", nothing, ClassFile.ACC_STATIC, code -> code
                            .invokedynamic(DynamicCallSiteDesc.of(bootstrap, "run", nothing))
                            .return_()));
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(linking, true);
            return hidden.findStatic(hidden.lookupClass(), "run", MethodType.methodType(void.class));
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
