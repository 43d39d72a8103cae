package dev.slipway.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the server logs while it is open: slf4j-simple writes to {@code System.err} as it is at each
 * line, so swapping it catches the server's log (still copied to the real stream).
 */
public final class CapturedErr implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private CapturedErr() {}

    public static CapturedErr start() {
        CapturedErr c = new CapturedErr();
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (c.captured) {
                    c.captured.write(b);
                }
                c.original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (c.captured) {
                    c.captured.write(b, off, len);
                }
                c.original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
        return c;
    }

    public String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
