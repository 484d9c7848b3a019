package dev.asyncref.contract;

import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.Test;

/**
 * What the two Reactive Streams TCK runs of an implementation share: one set of simulated services per
 * test class (without a call log, since some rules stream up to {@code Long.MAX_VALUE} items), the
 * implementation's pizzeria on them, and a fresh customer for each publisher the TCK asks for.
 *
 * <p>The TCK judges every required rule of the Reactive Streams specification; the optional rules it skips
 * are listed, with the reason, in the implementation's TCK classes' report (TestNG prints each skip).
 */
abstract class StreamVerification<T> extends FlowPublisherVerification<T> {

    private final Downstream downstream = Downstream.start(Downstream.Settings.defaults().withLogCapacity(0));
    private final AtomicLong customers = new AtomicLong();
    private Pizzeria pizzeria;

    StreamVerification() {
        // Signals arrive from other threads (the services', a style's own); a loaded CI machine needs more
        // than the default 100 ms.
        // Rule 3.13 (no reference to a cancelled subscriber) waits this long before it collects garbage; the
        // default 300 ms was seen too short under load.
        super(new TestEnvironment(1_000, 100), 1_000);
    }

    /** The implementation under test, built on the test class's services. */
    protected abstract Pizzeria pizzeria(Downstream downstream);

    /** The pizzeria, built on first use: a subclass's fields are not set yet while this constructor runs. */
    final Pizzeria pizzeria() {
        if (pizzeria == null) {
            pizzeria = pizzeria(downstream);
        }
        return pizzeria;
    }

    final Downstream downstream() {
        return downstream;
    }

    /** A customer no other publisher of this class uses, so that each can have its own count of items. */
    final String newCustomer() {
        return "tck-" + customers.incrementAndGet();
    }

    // The TCK has no test for the seven rules below: its untested_* methods only ever report "skipped", on
    // every run of every publisher. Disabled here, they are not run, so that a skip in this build always
    // means something. Each implementation's TCK class says how its publisher keeps them.

    @Override
    @Test(enabled = false)
    public void untested_spec106_mustConsiderSubscriptionCancelledAfterOnErrorOrOnCompleteHasBeenCalled() {}

    @Override
    @Test(enabled = false)
    public void untested_spec107_mustNotEmitFurtherSignalsOnceOnErrorHasBeenSignalled() {}

    @Override
    @Test(enabled = false)
    public void untested_spec108_possiblyCanceledSubscriptionShouldNotReceiveOnErrorOrOnCompleteSignals() {}

    @Override
    @Test(enabled = false)
    public void untested_spec109_subscribeShouldNotThrowNonFatalThrowable() {}

    @Override
    @Test(enabled = false)
    public void untested_spec110_rejectASubscriptionRequestIfTheSameSubscriberSubscribesTwice() {}

    @Override
    @Test(enabled = false)
    public void untested_spec304_requestShouldNotPerformHeavyComputations() {}

    @Override
    @Test(enabled = false)
    public void untested_spec305_cancelMustNotSynchronouslyPerformHeavyComputation() {}

    @AfterClass(alwaysRun = true)
    public void closeServices() {
        downstream.close();
    }
}
