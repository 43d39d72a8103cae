package dev.slipway.engine;

@FunctionalInterface
public interface LogSink {
    LogSink NONE = line -> {};

    void line(String line);
}
