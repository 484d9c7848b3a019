package dev.asyncref.context;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the operations log, on logger {@code dev.asyncref.operations}, with the request's id and the operation's
 * name in the MDC: the one line every operation writes as it ends (rule R17.6), at DEBUG, from the thread that
 * ends it and before its outcome is delivered; and a give-back that failed with nobody left to hear of it
 * (rule R12.7), at WARN. Written here once so that each line reads the same in every style; what varies is
 * whether the MDC on that thread still says which request it was, which is the style's job.
 */
public final class OperationLog {

    private static final Logger LOG = LoggerFactory.getLogger("dev.asyncref.operations");

    private OperationLog() {}

    // Guarded: the arguments read the MDC, which every operation would pay for even with DEBUG off.
    public static void succeeded() {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} succeeded", RequestContext.current().operation());
        }
    }

    public static void failed(Throwable failure) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} failed: {}", RequestContext.current().operation(), failure.getMessage());
        }
    }

    /**
     * A give-back failed after the caller left (cancelled, or refused the result): its failure has no outcome
     * to travel with (R12.6), and what it should have given back (a charge, say) stays held until someone acts
     * on this line. Not a global error hook's: Reactor's {@code onErrorDropped} and RxJava's
     * {@code RxJavaPlugins.onError} would report it without its request, at ERROR, alike for errors that matter
     * and for those a cancel made moot.
     */
    public static void giveBackFailed(Throwable failure) {
        LOG.warn("{}: a give-back failed after the caller left: {}", RequestContext.current().operation(),
                failure.getMessage());
    }
}
