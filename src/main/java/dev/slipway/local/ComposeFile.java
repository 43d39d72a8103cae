package dev.slipway.local;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@code docker-compose.yml} as data: services in order, and the named volumes they use. */
public record ComposeFile(Map<String, ComposeService> services, List<String> volumes) {
    public static final String WEB = "web";
    public static final String DB = "db";

    public ComposeFile {
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        volumes = List.copyOf(volumes);
    }

    /**
     * No {@code version:} key: docker-compose 1.27+ and docker compose v2 both read the Compose
     * Specification without it, and v2 warns when it is there.
     */
    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        Map<String, Object> s = new LinkedHashMap<>();
        services.forEach((name, service) -> s.put(name, service.toMap()));
        map.put("services", s);
        if (!volumes.isEmpty()) {
            Map<String, Object> v = new LinkedHashMap<>();
            volumes.forEach(name -> v.put(name, new LinkedHashMap<>()));
            map.put("volumes", v);
        }
        return map;
    }
}
