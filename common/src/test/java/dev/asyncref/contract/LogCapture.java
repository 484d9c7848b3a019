package dev.asyncref.contract;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * Records what the operations log ({@code dev.asyncref.operations}, at DEBUG) while it is open.
 *
 * <p>Hand-written rather than Logback's {@code ListAppender}: that one's list is a plain {@code ArrayList},
 * unsafe to read while operations still log from other threads. Each event's MDC is taken on the thread that
 * logs it, which is the point of rule R17.6.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.asyncref.operations");
    private final Level levelBefore = logger.getLevel();
    private final boolean additiveBefore = logger.isAdditive();
    private final Queue<ILoggingEvent> lines = new ConcurrentLinkedQueue<>();

    private LogCapture() {
        setName("contract-capture");
        setContext(logger.getLoggerContext());
    }

    public static LogCapture open() {
        LogCapture capture = new LogCapture();
        capture.start();
        capture.logger.addAppender(capture);
        capture.logger.setLevel(Level.DEBUG);
        // Not also to the root's console: the lines are for the test, and a build's output stays quiet.
        capture.logger.setAdditive(false);
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        lines.add(event);
    }

    /** The lines logged so far, in the order they were logged. */
    public List<ILoggingEvent> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        logger.setLevel(levelBefore);
        logger.setAdditive(additiveBefore);
        stop();
    }
}
