package dev.slipway.project;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A project's own config, from {@code slipway.yaml} (DESIGN section 6) or a {@code Procfile}.
 * Parsing lives in ProjectConfigParser; this is the validated result.
 */
public record ProjectConfig(List<String> services, Web web, List<String> migrate, Map<String, Process> processes, Build build) {

    public static final ProjectConfig DEFAULT = new ProjectConfig(List.of(), Web.DEFAULT, List.of(), Map.of(), Build.DEFAULT);

    public ProjectConfig {
        services = List.copyOf(services);
        migrate = List.copyOf(migrate);
        processes = Map.copyOf(processes);
    }

    /** {@code command} is null when the image's own CMD starts the web process. */
    public record Web(int port, int replicas, Health health, Duration drainTimeout, String command) {
        public static final int DEFAULT_PORT = 8080;
        public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
        public static final Web DEFAULT = new Web(DEFAULT_PORT, 1, Health.DEFAULT, DEFAULT_DRAIN_TIMEOUT, null);
    }

    public record Health(String path, Duration timeout, Duration interval, int successes) {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
        public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
        public static final int DEFAULT_SUCCESSES = 2;
        public static final Health DEFAULT = new Health("/", DEFAULT_TIMEOUT, DEFAULT_INTERVAL, DEFAULT_SUCCESSES);
    }

    public record Process(String command, int replicas) {}

    public record Build(String dockerfile, boolean strictPins) {
        public static final Build DEFAULT = new Build("Dockerfile", false);
    }
}
