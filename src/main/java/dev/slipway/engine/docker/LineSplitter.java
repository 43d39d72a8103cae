package dev.slipway.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.slipway.engine.LogSink;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns log frames (of a container or a swarm service) into lines. A frame is one write() of the process, not one line: it may hold
 * several lines or half of one (even half of a UTF-8 character), so bytes are buffered per stream
 * until a newline arrives. Keeps the last {@code keep} lines for error messages.
 */
public final class LineSplitter extends ResultCallback.Adapter<Frame> {
    private final LogSink sink;
    private final int keep;
    private final Map<StreamType, ByteArrayOutputStream> partial = new EnumMap<>(StreamType.class);
    private final Deque<String> last = new ArrayDeque<>();
    private final long skip;
    private long lines;

    public LineSplitter(LogSink sink, int keep) {
        this(sink, keep, 0);
    }

    /** Keeps every line but passes on to {@code sink} only those after the first {@code skip}. */
    public LineSplitter(LogSink sink, int keep, long skip) {
        this.sink = sink;
        this.keep = keep;
        this.skip = skip;
    }

    @Override
    public synchronized void onNext(Frame frame) {
        if (frame.getPayload() == null) return;
        ByteArrayOutputStream buffer = partial.computeIfAbsent(frame.getStreamType(), t -> new ByteArrayOutputStream());
        for (byte b : frame.getPayload()) {
            if (b == '\n') {
                emit(buffer);
            } else {
                buffer.write(b);
            }
        }
    }

    /** Emits what is left without a final newline; call once the stream has ended. */
    public synchronized void flush() {
        for (ByteArrayOutputStream buffer : partial.values()) {
            if (buffer.size() > 0) emit(buffer);
        }
    }

    public synchronized long lines() {
        return lines;
    }

    public synchronized List<String> lastLines() {
        return List.copyOf(last);
    }

    private void emit(ByteArrayOutputStream buffer) {
        String line = buffer.toString(StandardCharsets.UTF_8);
        buffer.reset();
        if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
        last.addLast(line);
        while (last.size() > keep) last.removeFirst();
        if (lines++ >= skip) sink.line(line);
    }
}
