package dev.slipway.router;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Notices a connection that has been quiet too long without reading the clock on every read: reads
 * are only counted, and a check every quarter of the shortest limit compares the count. A quiet
 * connection is therefore noticed between 1 and 1.25 times its limit after its last read.
 */
final class QuietWatch implements Runnable {

    /** What is watched, and what happens when it has been quiet too long. */
    interface Watched {
        /** The quiet time allowed now; {@link #NOT_NOW} while quiet is expected (an answer is on its way). */
        long quietLimitNanos();

        void quietTooLong();
    }

    static final long NOT_NOW = -1;

    private final EventExecutor executor;
    private final Watched watched;
    private final long periodNanos;
    private long ticks;
    private long seen;
    private long quietSince;
    private ScheduledFuture<?> next;

    /** {@code shortestLimit} is the smallest limit {@link Watched#quietLimitNanos()} ever answers. */
    QuietWatch(EventExecutor executor, Watched watched, long shortestLimitNanos) {
        this.executor = executor;
        this.watched = watched;
        this.periodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), shortestLimitNanos / 4);
    }

    /** Something was read (or written on the watched one's behalf). */
    void tick() {
        ticks++;
    }

    /** Starts the quiet time over at {@code now} (a new exchange, or back to idle), and watching if stopped. */
    void restart(long now) {
        seen = ticks;
        quietSince = now;
        if (next == null) {
            next = executor.schedule(this, periodNanos, TimeUnit.NANOSECONDS);
        }
    }

    void stop() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    @Override
    public void run() {
        next = null;
        long now = System.nanoTime();
        long limit = watched.quietLimitNanos();
        if (ticks != seen || limit == NOT_NOW) {
            seen = ticks;
            quietSince = now;
        } else if (now - quietSince >= limit) {
            watched.quietTooLong();
            return;
        }
        next = executor.schedule(this, periodNanos, TimeUnit.NANOSECONDS);
    }
}
