package dev.slipway.engine;

import java.nio.file.Path;
import java.util.Map;

/**
 * An image build. {@code dockerfile} is relative to {@code context}; {@code noCache} turns the layer
 * cache off; {@code pull} asks for a fresh base image (off where no registry is reachable);
 * {@code network} is the network the build's RUN instructions use (null: the engine's default).
 */
public record BuildRequest(Path context, String dockerfile, String tag, boolean noCache, boolean pull, Map<String, String> labels,
                           String network) {
    public BuildRequest {
        labels = Map.copyOf(labels);
    }

    public BuildRequest(Path context, String dockerfile, String tag, boolean noCache, boolean pull, Map<String, String> labels) {
        this(context, dockerfile, tag, noCache, pull, labels, null);
    }

    /** "host" lets RUN reach services on the host's loopback, e.g. a package index a test serves. */
    public BuildRequest withNetwork(String network) {
        return new BuildRequest(context, dockerfile, tag, noCache, pull, labels, network);
    }
}
