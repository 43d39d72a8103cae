package dev.slipway.project;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A project's own config, from {@code slipway.yaml} (DESIGN section 6) or a {@code Procfile}.
 * Parsing lives in ProjectConfigParser; this is the validated result.
 */
public record ProjectConfig(List<String> services, Web web, List<String> migrate, Map<String, Process> processes, Build build, Resources resources) {

    public static final ProjectConfig DEFAULT = new ProjectConfig(List.of(), Web.DEFAULT, List.of(), Map.of(), Build.DEFAULT, Resources.DEFAULT);

    public ProjectConfig {
        services = List.copyOf(services);
        migrate = List.copyOf(migrate);
        processes = Map.copyOf(processes);
    }

    /** A config with the default {@link Resources}. */
    public ProjectConfig(List<String> services, Web web, List<String> migrate, Map<String, Process> processes, Build build) {
        this(services, web, migrate, processes, build, Resources.DEFAULT);
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

    /**
     * What each container of the project (web, process and migration alike) may use at most: memory in
     * bytes, CPU in thousandths of a core, and processes. The defaults suit a small web app and stop one
     * runaway project (a leak, a fork bomb, a busy loop) from starving the others on the host.
     */
    public record Resources(long memoryBytes, int milliCpus, int pids) {
        public static final long DEFAULT_MEMORY = 512L * 1024 * 1024;
        public static final int DEFAULT_MILLI_CPUS = 1000;
        public static final int DEFAULT_PIDS = 256;
        public static final Resources DEFAULT = new Resources(DEFAULT_MEMORY, DEFAULT_MILLI_CPUS, DEFAULT_PIDS);
    }
}
