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
 * Records log lines while it is open: what the operations log ({@code dev.asyncref.operations}, at DEBUG,
 * {@link #open()}), or every warning and error from any logger ({@link #warnings()}).
 *
 * <p>Hand-written rather than Logback's {@code ListAppender}: that one's list is a plain {@code ArrayList},
 * unsafe to read while operations still log from other threads. Each event's MDC is taken on the thread that
 * logs it, which is the point of rule R17.6.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final Logger logger;
    private final Level least;
    private final Level levelBefore;
    private final boolean additiveBefore;
    private final Queue<ILoggingEvent> lines = new ConcurrentLinkedQueue<>();

    private LogCapture(String loggerName, Level least) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
        this.least = least;
        this.levelBefore = logger.getLevel();
        this.additiveBefore = logger.isAdditive();
        setName("contract-capture");
        setContext(logger.getLoggerContext());
    }

    /** The operations' lines, DEBUG and above, kept from the console. */
    public static LogCapture open() {
        LogCapture capture = new LogCapture("dev.asyncref.operations", Level.DEBUG);
        capture.start();
        capture.logger.addAppender(capture);
        capture.logger.setLevel(Level.DEBUG);
        // Not also to the root's console: the lines are for the test, and a build's output stays quiet.
        capture.logger.setAdditive(false);
        return capture;
    }

    /**
     * Every WARN and ERROR line of any logger (a library's, a global error hook's), printed as configured too.
     * With {@link #open()} alongside, the operations' own lines go to that capture only.
     */
    public static LogCapture warnings() {
        LogCapture capture = new LogCapture(Logger.ROOT_LOGGER_NAME, Level.WARN);
        capture.start();
        capture.logger.addAppender(capture);
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(least)) {
            return;
        }
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
