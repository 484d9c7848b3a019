package dev.asyncref.context;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one line every operation writes as it ends (rule R17.6), at DEBUG on logger
 * {@code dev.asyncref.operations}, from the thread that ends it and before its outcome is delivered. Written
 * here once so that the line reads the same in every style; what varies is whether the MDC on that thread
 * still says which request it was, which is the style's job.
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
}
