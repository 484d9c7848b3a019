package dev.asyncref.callbacks.patterns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler whose clock only the test moves: {@link #advance} runs each task that has come due, in the order
 * they are due, on the thread that advances; a cancelled task leaves the queue at once, as a
 * {@code ScheduledThreadPoolExecutor} with {@code setRemoveOnCancelPolicy(true)} does. So a test reads which
 * timers are waiting and for how long, and fires them when it chooses, never by waiting.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final List<Timer> waiting = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private long now;

    /** Moves the clock on by {@code by}, running what comes due meanwhile, that which it schedules included. */
    void advance(Duration by) {
        long until;
        synchronized (this) {
            until = now + by.toNanos();
        }
        for (Timer due = nextDue(until); due != null; due = nextDue(until)) {
            due.run();
        }
        synchronized (this) {
            now = until;
        }
    }

    /** Runs, on a thread of that name, what comes due within {@code by}: a timer's thread, as a pattern sees it. */
    void advanceOn(String thread, Duration by) throws InterruptedException {
        Thread.ofPlatform().name(thread).start(() -> advance(by)).join();
    }

    /** How many tasks wait, neither run nor cancelled. */
    synchronized int waiting() {
        return waiting.size();
    }

    /** The delay of each task ever scheduled, in order. */
    synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }

    private synchronized Timer nextDue(long until) {
        Timer first = waiting.stream().min(Comparator.comparingLong(timer -> timer.at)).orElse(null);
        if (first == null || first.at > until) {
            return null;
        }
        waiting.remove(first);
        now = first.at;
        return first;
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        Timer timer = new Timer(task, now + unit.toNanos(delay));
        waiting.add(timer);
        delays.add(Duration.ofNanos(unit.toNanos(delay)));
        return timer;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> task, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void execute(Runnable task) {
        throw new UnsupportedOperationException("the patterns only schedule");
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }

    /** A task due at {@code at} on the test's clock. */
    private final class Timer extends FutureTask<Void> implements ScheduledFuture<Void> {

        private final long at;

        Timer(Runnable task, long at) {
            super(task, null);
            this.at = at;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (ManualScheduler.this) {
                waiting.remove(this);
            }
            return super.cancel(mayInterruptIfRunning);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            synchronized (ManualScheduler.this) {
                return unit.convert(at - now, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
