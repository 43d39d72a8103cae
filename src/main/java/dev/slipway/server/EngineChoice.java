package dev.slipway.server;

import dev.slipway.project.InvalidInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which engine runs the containers ({@code slipway server --engine}): the one Docker engine Slipway
 * talks to, the default, or a Docker Swarm whose manager that engine is, with a registry every node
 * pulls the images from ({@code --registry HOST:PORT}).
 */
public record EngineChoice(Kind kind, String registry) {
    public enum Kind { DOCKER, SWARM }

    public static final EngineChoice DOCKER = new EngineChoice(Kind.DOCKER, null);
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:([0-9]{1,5})");

    /** From the command line's {@code --engine} (null: docker) and {@code --registry}; a bad pair is refused with the flag named. */
    public static EngineChoice of(String engine, String registry) {
        String kind = engine == null ? "docker" : engine.trim().toLowerCase(Locale.ROOT);
        switch (kind) {
            case "docker" -> {
                if (registry != null) {
                    throw new InvalidInputException("--registry", "--registry is for --engine swarm, where every node pulls the images"
                            + " from it; one Docker engine builds and runs them itself");
                }
                return DOCKER;
            }
            case "swarm" -> {
                if (registry == null || registry.isBlank()) {
                    throw new InvalidInputException("--registry", "--engine swarm needs --registry HOST:PORT: a registry every node of the"
                            + " swarm can pull from (e.g. 127.0.0.1:5000 when each node reaches it there)");
                }
                var m = HOST_PORT.matcher(registry.trim());
                if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
                    throw new InvalidInputException("--registry", "--registry is '" + registry.trim() + "'; it must be HOST:PORT, e.g. 127.0.0.1:5000"
                            + " (no scheme, no path)");
                }
                return new EngineChoice(Kind.SWARM, registry.trim());
            }
            default -> throw new InvalidInputException("--engine", "--engine is '" + engine.trim() + "'; it must be 'docker' (one machine, the"
                    + " default) or 'swarm' (a Docker Swarm whose manager is the engine Slipway talks to)");
        }
    }

    @Override
    public String toString() {
        return kind == Kind.DOCKER ? "docker" : "swarm (registry " + registry + ")";
    }
}
