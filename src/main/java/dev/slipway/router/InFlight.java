package dev.slipway.router;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the requests each upstream is serving, so that retiring a release can wait for them.
 * Each request is counted by a {@link Tracked} handle that releases its count exactly once,
 * whichever way the exchange ends.
 */
final class InFlight {

    private final Map<Upstream, Integer> counts = new HashMap<>();

    synchronized int count(Upstream upstream) {
        return counts.getOrDefault(upstream, 0);
    }

    synchronized Map<Upstream, Integer> snapshot() {
        return Map.copyOf(counts);
    }

    /** Counts a request on {@code upstream} until it is {@link Tracked#release() released}. */
    Tracked track(Upstream upstream) {
        increment(upstream);
        return new Tracked(upstream);
    }

    /** Waits until none of {@code upstreams} serves a request; false when {@code timeout} passed first. */
    synchronized boolean awaitIdle(Collection<Upstream> upstreams, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (upstreams.stream().anyMatch(counts::containsKey)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000), 0);
        }
        return true;
    }

    private synchronized void increment(Upstream upstream) {
        counts.merge(upstream, 1, Integer::sum);
    }

    private synchronized void decrement(Upstream upstream) {
        Integer left = counts.computeIfPresent(upstream, (u, n) -> n == 1 ? null : n - 1);
        if (left == null) {
            notifyAll();
        }
    }

    /** One counted request or tunnel; releasing it twice counts once. */
    final class Tracked {
        private Upstream upstream;

        private Tracked(Upstream upstream) {
            this.upstream = upstream;
        }

        synchronized Upstream upstream() {
            return upstream;
        }

        /** A retry moves the request: counted on the new upstream before it leaves the old one. */
        void moveTo(Upstream next) {
            synchronized (this) {
                if (upstream == null) {
                    return;
                }
                increment(next);
                decrement(upstream);
                upstream = next;
            }
        }

        void release() {
            Upstream counted;
            synchronized (this) {
                counted = upstream;
                upstream = null;
            }
            if (counted != null) {
                decrement(counted);
            }
        }
    }
}
