package dev.slipway.engine;

import java.util.Map;

/**
 * A container as the engine sees it. {@code exitCode} is null while it runs; {@code web} is where this
 * host reaches the port it publishes (its address on its network, or the 127.0.0.1 port Docker maps it
 * to), or null when it publishes none or is not running.
 */
public record ContainerState(String id, String name, String image, boolean running, Integer exitCode, boolean oomKilled, WebAddress web, Map<String, String> labels) {
    public ContainerState {
        labels = Map.copyOf(labels);
    }

    /** "exited with code 3", "was killed: out of memory", "is running". */
    public String describe() {
        if (oomKilled) return "was killed: out of memory";
        if (running) return "is running";
        return "exited with code " + exitCode;
    }
}
