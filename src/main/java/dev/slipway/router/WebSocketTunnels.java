package dev.slipway.router;

import io.netty.channel.Channel;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The open WebSocket tunnels, by upstream. An upgrade is proxied like any request (see
 * {@link Exchange}); when the upstream answers 101 both connections drop their HTTP codecs and copy
 * bytes until either side closes. An open tunnel counts as a request in flight on its upstream, so
 * a drain waits for it; when the drain times out, the tunnels still open are closed.
 */
final class WebSocketTunnels {

    private final ConcurrentHashMap<Upstream, Set<Tunnel>> open = new ConcurrentHashMap<>();

    /** Tunnels now open to {@code upstream}. */
    int openTo(Upstream upstream) {
        Set<Tunnel> set = open.get(upstream);
        return set == null ? 0 : set.size();
    }

    /** Records a tunnel until either of its connections closes. */
    void opened(InFlight.Tracked tracked, RouterMetrics.Meters meters, long started, Channel client, Channel upstream) {
        Upstream target = tracked.upstream();
        Tunnel tunnel = new Tunnel(target, tracked, meters, started, client, upstream);
        open.computeIfAbsent(target, u -> ConcurrentHashMap.newKeySet()).add(tunnel);
        client.closeFuture().addListener(f -> tunnel.close());
        upstream.closeFuture().addListener(f -> tunnel.close());
    }

    /** Closes every tunnel to these upstreams (their drain timed out; the containers are about to stop). */
    void closeAll(Collection<Upstream> upstreams) {
        for (Upstream upstream : upstreams) {
            Set<Tunnel> set = open.get(upstream);
            if (set != null) {
                set.forEach(Tunnel::close);
            }
        }
    }

    private final class Tunnel {
        private final Upstream upstream;
        private final InFlight.Tracked tracked;
        private final RouterMetrics.Meters meters;
        private final long started;
        private final Channel client;
        private final Channel upstreamChannel;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Tunnel(Upstream upstream, InFlight.Tracked tracked, RouterMetrics.Meters meters, long started,
                       Channel client, Channel upstreamChannel) {
            this.upstream = upstream;
            this.tracked = tracked;
            this.meters = meters;
            this.started = started;
            this.client = client;
            this.upstreamChannel = upstreamChannel;
        }

        /** Counted out at once, closed as soon as the loops get to it. */
        void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            open.computeIfPresent(upstream, (u, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
            tracked.release();
            meters.end(started, 101);
            client.close();
            upstreamChannel.close();
        }
    }
}
