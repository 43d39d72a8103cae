package dev.slipway.project;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a config back as {@code slipway.yaml}. Every key is written, defaults included, so that a
 * release's snapshot does not change meaning if a default changes later. SnakeYAML does the quoting.
 */
final class ConfigRenderer {
    private ConfigRenderer() {}

    static String render(ProjectConfig config) {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("path", config.web().health().path());
        health.put("timeout", Durations.format(config.web().health().timeout()));
        health.put("interval", Durations.format(config.web().health().interval()));
        health.put("successes", config.web().health().successes());

        Map<String, Object> web = new LinkedHashMap<>();
        web.put("port", config.web().port());
        web.put("replicas", config.web().replicas());
        web.put("health", health);
        web.put("drain_timeout", Durations.format(config.web().drainTimeout()));
        if (config.web().command() != null) {
            web.put("command", config.web().command());
        }

        // Sorted: ProjectConfig keeps processes in an unordered map, and snapshots should be stable text.
        Map<String, Object> processes = new TreeMap<>();
        config.processes().forEach((name, process) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("command", process.command());
            entry.put("replicas", process.replicas());
            processes.put(name, entry);
        });

        Map<String, Object> build = new LinkedHashMap<>();
        build.put("dockerfile", config.build().dockerfile());
        build.put("strict_pins", config.build().strictPins());

        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("memory", Sizes.format(config.resources().memoryBytes()));
        int milli = config.resources().milliCpus();
        resources.put("cpus", milli % 1000 == 0 ? (Object) (milli / 1000) : java.math.BigDecimal.valueOf(milli, 3).stripTrailingZeros().toPlainString());
        resources.put("pids", config.resources().pids());

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("services", new ArrayList<>(config.services()));
        root.put("web", web);
        root.put("migrate", new ArrayList<>(config.migrate()));
        root.put("processes", processes);
        root.put("build", build);
        root.put("resources", resources);

        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(options).dump(root);
    }
}
