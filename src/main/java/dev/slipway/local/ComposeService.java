package dev.slipway.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One service of a compose file, as data. Empty lists and maps and null fields are left out of the
 * file, so that it reads like one written by hand.
 */
public record ComposeService(
        Build build,
        String image,
        List<String> command,
        boolean init,
        List<String> envFile,
        Map<String, String> environment,
        List<String> ports,
        List<String> volumes,
        Map<String, String> dependsOn,
        Healthcheck healthcheck) {

    public ComposeService {
        command = command == null ? null : List.copyOf(command);
        envFile = List.copyOf(envFile);
        environment = ordered(environment);
        ports = List.copyOf(ports);
        volumes = List.copyOf(volumes);
        dependsOn = ordered(dependsOn);
    }

    public record Build(String context, String dockerfile) {}

    /** {@code test} in the exec form (["CMD-SHELL", "…"]); durations as compose writes them ("2s"). */
    public record Healthcheck(List<String> test, String interval, String timeout, int retries) {
        public Healthcheck {
            test = List.copyOf(test);
        }
    }

    /** The compose file's own shape: keys in a fixed, readable order. */
    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        if (build != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("context", build.context());
            b.put("dockerfile", build.dockerfile());
            map.put("build", b);
        }
        putIfPresent(map, "image", image);
        putIfPresent(map, "command", command);
        if (init) {
            map.put("init", true);
        }
        putIfPresent(map, "env_file", envFile);
        putIfPresent(map, "environment", environment);
        putIfPresent(map, "ports", ports);
        putIfPresent(map, "volumes", volumes);
        if (!dependsOn.isEmpty()) {
            Map<String, Object> deps = new LinkedHashMap<>();
            dependsOn.forEach((service, condition) -> deps.put(service, new LinkedHashMap<>(Map.of("condition", condition))));
            map.put("depends_on", deps);
        }
        if (healthcheck != null) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("test", List.copyOf(healthcheck.test()));
            h.put("interval", healthcheck.interval());
            h.put("timeout", healthcheck.timeout());
            h.put("retries", healthcheck.retries());
            map.put("healthcheck", h);
        }
        return map;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value == null || value instanceof List<?> l && l.isEmpty() || value instanceof Map<?, ?> m && m.isEmpty()) {
            return;
        }
        // Fresh copies: SnakeYAML would otherwise write anchors for values shared between services.
        map.put(key, value instanceof List<?> l ? List.copyOf(l) : value instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : value);
    }

    // Map.copyOf loses the order; the file should list variables as they were given.
    private static Map<String, String> ordered(Map<String, String> map) {
        return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
