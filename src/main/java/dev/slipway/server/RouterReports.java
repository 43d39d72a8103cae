package dev.slipway.server;

import dev.slipway.router.RouteFeed;
import dev.slipway.router.Upstream;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What standalone routers last said about themselves: the table they serve and their requests in
 * flight per upstream. A drain through standalone routers waits until every router that reported
 * recently serves the table of the switch (or a later one) and has nothing in flight to the old upstreams.
 */
final class RouterReports {

    /** A router silent for this long is gone (it reports twice a second); it no longer holds up drains. */
    static final Duration STALE = Duration.ofSeconds(5);
    private static final Duration CHECK_EVERY = Duration.ofMillis(100);

    private record Seen(String tag, Map<Upstream, Integer> inFlight, long atNanos) {}

    private final String epoch;
    private final ConcurrentHashMap<String, Seen> byRouter = new ConcurrentHashMap<>();

    RouterReports(String epoch) {
        this.epoch = epoch;
    }

    /** {@code <epoch>-<version>}: the epoch changes with every start of the panel, whose versions restart at 0. */
    String tag(long version) {
        return epoch + "-" + version;
    }

    void record(RouteFeed.Report report) {
        Map<Upstream, Integer> counts = new HashMap<>();
        if (report.inFlight() != null) {
            for (RouteFeed.Count c : report.inFlight()) {
                counts.merge(new Upstream(c.host(), c.port()), c.count(), Integer::sum);
            }
        }
        byRouter.put(report.routerId(), new Seen(report.tag() == null ? "" : report.tag(), Map.copyOf(counts), System.nanoTime()));
    }

    int routers() {
        forgetStale();
        return byRouter.size();
    }

    /** True once every live router serves {@code version} or later and has nothing in flight to {@code upstreams}; false after {@code timeout}. */
    boolean awaitDrained(Collection<Upstream> upstreams, long version, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            forgetStale();
            boolean drained = byRouter.values().stream().allMatch(seen -> serves(seen.tag(), version)
                    && upstreams.stream().noneMatch(u -> seen.inFlight().getOrDefault(u, 0) > 0));
            if (drained) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(CHECK_EVERY);
        }
    }

    private boolean serves(String tag, long version) {
        String prefix = epoch + "-";
        if (!tag.startsWith(prefix)) {
            return false;
        }
        try {
            return Long.parseLong(tag.substring(prefix.length())) >= version;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void forgetStale() {
        long now = System.nanoTime();
        byRouter.values().removeIf(seen -> now - seen.atNanos() > STALE.toNanos());
    }
}
