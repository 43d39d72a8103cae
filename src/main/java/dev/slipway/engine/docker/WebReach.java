package dev.slipway.engine.docker;

import com.github.dockerjava.api.model.Info;
import dev.slipway.engine.EngineException;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How this host reaches a web container's port. {@link #NETWORK} goes to the container's own address
 * on its Docker network, as Dokku's nginx does, with no process in between; {@link #PUBLISHED} goes to
 * the port Docker publishes on 127.0.0.1, through Docker's userland proxy (docker-proxy), which copies
 * every byte once more but works wherever the engine runs. Slipway picks {@code NETWORK} when the
 * engine runs natively on this Linux host, and {@code PUBLISHED} for Docker Desktop, rootless Docker and
 * engines reached over TCP, whose container addresses this host cannot reach; the environment variable
 * {@value #VARIABLE} ({@code network} or {@code published}) overrides the choice.
 */
public enum WebReach {
    NETWORK,
    PUBLISHED;

    public static final String VARIABLE = "SLIPWAY_UPSTREAMS";

    /**
     * {@code override} when given, else what suits the engine at {@code dockerHost}; its description
     * ({@code docker info}) is asked for only when the host and socket leave the choice open.
     */
    static WebReach choose(WebReach override, String dockerHost, Supplier<Info> description) {
        if (override != null) return override;
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        if (!linux || !dockerHost.startsWith("unix://")) return PUBLISHED;
        Info info = description.get();
        String system = info.getOperatingSystem() == null ? "" : info.getOperatingSystem();
        List<String> security = info.getSecurityOptions() == null ? List.of() : info.getSecurityOptions();
        boolean rootless = security.stream().anyMatch(option -> option.contains("rootless"));
        return !system.contains("Docker Desktop") && !rootless ? NETWORK : PUBLISHED;
    }

    /** The choice {@value #VARIABLE} makes in this process's environment: null when it is unset or blank. */
    public static WebReach fromEnvironment() {
        return fromVariable(System.getenv(VARIABLE));
    }

    /** The choice {@value #VARIABLE} makes: null when it is unset or blank. */
    static WebReach fromVariable(String value) {
        if (value == null || value.isBlank()) return null;
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "network" -> NETWORK;
            case "published" -> PUBLISHED;
            default -> throw new EngineException(VARIABLE + " is '" + value.trim() + "'; it must be 'network' (the container's address"
                    + " on its Docker network) or 'published' (the port Docker publishes on 127.0.0.1)");
        };
    }
}
