package dev.slipway.engine;

import java.nio.file.Path;
import java.util.Map;

/**
 * An image build. {@code dockerfile} is relative to {@code context}; {@code noCache} turns the layer
 * cache off; {@code pull} asks for a fresh base image (off where no registry is reachable).
 */
public record BuildRequest(Path context, String dockerfile, String tag, boolean noCache, boolean pull, Map<String, String> labels) {
    public BuildRequest {
        labels = Map.copyOf(labels);
    }
}
