package dev.slipway.router;

import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * An upgraded client connection spliced to a socket on the upstream: two virtual threads copy bytes,
 * one each way, through fixed 16 KiB buffers, each waiting for its reader before filling again (so a
 * slow side slows the other instead of filling memory). Closing either side closes both and releases
 * the in-flight count.
 */
final class TunnelConnection extends AbstractConnection implements Connection.UpgradeTo {

    private static final int BUFFER = 16 * 1024;

    private final Socket upstream;
    private final InputStream fromUpstream;
    private final Callback inFlight;
    private final RouterMetrics.Meters meters;
    private final Consumer<TunnelConnection> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private ByteBuffer early;

    TunnelConnection(EndPoint client, Executor executor, Socket upstream, InputStream fromUpstream, Callback inFlight,
                     RouterMetrics.Meters meters, Consumer<TunnelConnection> onClose) {
        super(client, executor);
        this.upstream = upstream;
        this.fromUpstream = fromUpstream;
        this.inFlight = inFlight;
        this.meters = meters;
        this.onClose = onClose;
        meters.tunnelOpened();
    }

    /** Bytes the client sent right behind its handshake, read by the HTTP connection before the switch. */
    @Override
    public void onUpgradeTo(ByteBuffer buffer) {
        if (buffer != null && buffer.hasRemaining()) {
            early = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        Thread.ofVirtual().name("websocket-client-to-upstream").start(this::clientToUpstream);
        Thread.ofVirtual().name("websocket-upstream-to-client").start(this::upstreamToClient);
    }

    @Override
    public void onFillable() {
        // Reads are driven by clientToUpstream, which asks the end point for fill interest itself.
    }

    private void clientToUpstream() {
        EndPoint client = getEndPoint();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        try {
            OutputStream out = upstream.getOutputStream();
            if (early != null) {
                out.write(early.array(), early.position(), early.remaining());
                out.flush();
                early = null;
            }
            while (!closed.get()) {
                buffer.clear().flip();
                int n = client.fill(buffer);
                if (n > 0) {
                    out.write(buffer.array(), buffer.position(), buffer.remaining());
                    out.flush();
                } else if (n == 0) {
                    FutureCallback readable = new FutureCallback();
                    client.fillInterested(readable);
                    readable.get();
                } else {
                    upstream.shutdownOutput();
                    return;
                }
            }
        } catch (Exception e) {
            close();
        }
    }

    private void upstreamToClient() {
        EndPoint client = getEndPoint();
        byte[] buffer = new byte[BUFFER];
        try {
            for (int n; (n = fromUpstream.read(buffer)) >= 0; ) {
                if (n > 0) {
                    FutureCallback written = new FutureCallback();
                    client.write(written, ByteBuffer.wrap(buffer, 0, n));
                    written.get();
                }
            }
        } catch (Exception e) {
            // Either side went away; both are closed below.
        }
        close();
    }

    @Override
    public boolean onIdleExpired(java.util.concurrent.TimeoutException timeout) {
        close();
        return true;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            upstream.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        getEndPoint().close();
        meters.tunnelClosed();
        inFlight.succeeded();
        onClose.accept(this);
    }
}
