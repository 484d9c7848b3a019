package dev.asyncref.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Counts the warnings and errors logged while the soak runs, in place of printing them: the give-backs that failed
 * after their caller left, which every style logs (rule R12.7) and the soak expects by the hundred, and any other,
 * which no style should log. Hand-written: Logback's {@code ListAppender} would keep every event of a million
 * orders, and its list is unsafe to read while other threads log.
 */
final class LoggedWarnings extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private static final String OPERATIONS = "dev.asyncref.operations";
    private static final int EXAMPLES = 5;
    private static final int FRAMES = 8;

    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final List<Appender<ILoggingEvent>> printing = new ArrayList<>();
    private final AtomicLong giveBacksFailed = new AtomicLong();
    private final AtomicLong others = new AtomicLong();
    private final Queue<String> examples = new ConcurrentLinkedQueue<>();

    private LoggedWarnings() {
        setName("soak-count");
        setContext(root.getLoggerContext());
    }

    /** Counts from now on, and keeps the root's own appenders (the console) from printing until closed. */
    static LoggedWarnings counting() {
        LoggedWarnings counting = new LoggedWarnings();
        counting.start();
        counting.root.iteratorForAppenders().forEachRemaining(counting.printing::add);
        counting.printing.forEach(counting.root::detachAppender);
        counting.root.addAppender(counting);
        return counting;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.WARN)) {
            return;
        }
        if (event.getLevel() == Level.WARN && event.getLoggerName().equals(OPERATIONS)
                && event.getFormattedMessage().contains(": a give-back failed after the caller left: ")) {
            giveBacksFailed.incrementAndGet();
        } else if (others.incrementAndGet() <= EXAMPLES) {
            examples.add(event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage()
                    + thrown(event.getThrowableProxy()));
        }
    }

    /** The exception a line carries, with where it was made: a hook's line says nothing more by itself. */
    private static String thrown(IThrowableProxy thrown) {
        if (thrown == null) {
            return "";
        }
        String where = Arrays.stream(thrown.getStackTraceElementProxyArray()).limit(FRAMES)
                .map(frame -> frame.getStackTraceElement().toString()).collect(Collectors.joining(" < "));
        return " [" + thrown.getClassName() + ": " + thrown.getMessage() + " at " + where + "]";
    }

    /** The give-backs logged as failed after their caller left, so far. */
    long giveBacksFailed() {
        return giveBacksFailed.get();
    }

    /** Any other warning or error, so far. */
    long others() {
        return others.get();
    }

    /** The first few of the others, as logged. */
    List<String> examples() {
        return List.copyOf(examples);
    }

    @Override
    public void close() {
        root.detachAppender(this);
        printing.forEach(root::addAppender);
        stop();
    }
}
