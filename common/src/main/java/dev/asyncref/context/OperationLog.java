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

    public static void succeeded() {
        LOG.debug("{} succeeded", RequestContext.current().operation());
    }

    public static void failed(Throwable failure) {
        LOG.debug("{} failed: {}", RequestContext.current().operation(), failure.getMessage());
    }
}
