package dev.slipway.deploy;

import dev.slipway.engine.LogSink;
import dev.slipway.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;

/**
 * A deployment's log: every line is stored with the step that wrote it. The stored log is the one
 * stream that the CLI, the API and the UI follow, so it survives a restart of the server.
 *
 * <p>A build that prints without end must not fill the disk, so the stored log keeps the first
 * {@link #HEAD} lines and the last {@link #TAIL} (each cut at {@link #MAX_LINE} characters); the lines
 * between are deleted as the tail moves on, and the first of them is rewritten into one line that
 * says how many lines and bytes were dropped. A follower that keeps up (the CLI, the UI's stream)
 * still sees every line as it is written: only lines older than the tail are deleted.
 */
public final class DeploymentLog implements LogSink {
    public static final int HEAD = 2_000;
    public static final int TAIL = 8_000;
    public static final int MAX_LINE = 4_000;
    /** Lines deleted at once: one statement per thousand lines instead of one per line. */
    static final int DROP_BATCH = 1_000;

    private final Store store;
    private final long deploymentId;
    private final Clock clock;
    private volatile SecretMask mask;
    private volatile String step = "";
    private int headLines;
    /** Stored lines after the head, oldest first: {seq, bytes}. */
    private final ArrayDeque<long[]> tail = new ArrayDeque<>();
    private long markerSeq = -1;
    private long droppedLines;
    private long droppedBytes;

    public DeploymentLog(Store store, long deploymentId, Clock clock, SecretMask mask) {
        this.store = store;
        this.deploymentId = deploymentId;
        this.clock = clock;
        this.mask = mask;
    }

    void enter(String stepName) {
        this.step = stepName;
    }

    /** Masks these values too from now on (credentials a service provisioned during the deployment). */
    public synchronized void protect(java.util.Collection<String> secrets) {
        mask = mask.with(secrets);
    }

    /** The text as the log would store it: for failure reasons that the API shows. */
    public String masked(String text) {
        return text == null ? null : mask.apply(text);
    }

    @Override
    public synchronized void line(String text) {
        // Masked before it is cut, so that a cut never leaves the start of a secret.
        String line = cut(mask.apply(text));
        stored(store.appendLog(deploymentId, clock.instant(), step, line), line);
    }

    @Override
    public synchronized void lines(java.util.List<String> texts) {
        java.util.List<String> lines = texts.stream().map(t -> cut(mask.apply(t))).toList();
        long[] seqs = store.appendLogs(deploymentId, clock.instant(), step, lines);
        for (int i = 0; i < seqs.length; i++) stored(seqs[i], lines.get(i));
    }

    private void stored(long seq, String line) {
        if (headLines < HEAD) {
            headLines++;
            return;
        }
        tail.addLast(new long[] {seq, line.getBytes(StandardCharsets.UTF_8).length});
        if (tail.size() >= TAIL + DROP_BATCH) {
            dropBeyondTail();
        }
    }

    /** Leaves exactly the head, the "dropped" line and the last {@link #TAIL} lines: when the deployment has ended. */
    public synchronized void trim() {
        if (tail.size() > TAIL) {
            dropBeyondTail();
        }
    }

    private void dropBeyondTail() {
        long last = -1;
        while (tail.size() > TAIL) {
            long[] dropped = tail.removeFirst();
            if (markerSeq < 0) markerSeq = dropped[0];
            last = dropped[0];
            droppedLines++;
            droppedBytes += dropped[1];
        }
        store.dropLog(deploymentId, markerSeq, last, String.format(
                "… %,d lines (%,d bytes) dropped here: the stored log keeps a deployment's first %,d and last %,d lines",
                droppedLines, droppedBytes, HEAD, TAIL));
    }

    static String cut(String line) {
        if (line.length() <= MAX_LINE) return line;
        return line.substring(0, MAX_LINE) + " … (" + (line.length() - MAX_LINE) + " more characters dropped)";
    }
}
