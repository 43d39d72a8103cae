package dev.slipway.engine;

@FunctionalInterface
public interface LogSink {
    LogSink NONE = line -> {};

    void line(String line);

    /** Lines that arrived together (one chunk of build output): a sink may store them in one write. */
    default void lines(java.util.List<String> lines) {
        lines.forEach(this::line);
    }
}
