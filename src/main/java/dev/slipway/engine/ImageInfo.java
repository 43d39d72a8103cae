package dev.slipway.engine;

/** An image as the engine has it: its id ("sha256:…") and size in bytes. */
public record ImageInfo(String id, long size) {}
