package dev.slipway.deploy;

import dev.slipway.project.Deployment;
import dev.slipway.project.Environment;
import dev.slipway.project.Project;
import dev.slipway.project.ProjectConfig;
import dev.slipway.project.Release;
import dev.slipway.router.Upstream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one deployment knows and has created so far. Steps read their inputs here and record what
 * they add, so that their {@code undo} (and crash recovery, through labels) can remove it.
 */
public final class DeploymentContext {
    private final Deployment deployment;
    private final Project project;
    private final Environment environment;
    private final Release previous;
    private final String instanceId;
    private final DeploymentLog log;

    // Filled in by the steps, in order.
    Path workspace;
    String commit;
    ProjectConfig config;
    String configSource;
    String image;
    boolean imageBuiltHere;
    dev.slipway.project.BuildRecord build;
    final Map<String, String> containerEnv = new LinkedHashMap<>();
    /** Host path → container path, from the services (storage without S3). */
    final Map<String, String> containerMounts = new LinkedHashMap<>();
    /** Supplementary groups those mounts need, so a container that does not run as root can use them. */
    final java.util.Set<String> containerGroups = new java.util.LinkedHashSet<>();
    final List<String> webContainers = new ArrayList<>();
    final List<String> processContainers = new ArrayList<>();
    final List<Upstream> upstreams = new ArrayList<>();
    Release release;
    List<Upstream> previousUpstreams;
    boolean switched;
    /** A user's request to stop the deployment before its switch. */
    final Cancellation cancellation = new Cancellation();

    public DeploymentContext(Deployment deployment, Project project, Environment environment, Release previous, String instanceId, DeploymentLog log) {
        this.deployment = deployment;
        this.project = project;
        this.environment = environment;
        this.previous = previous;
        this.instanceId = instanceId;
        this.log = log;
    }

    public Deployment deployment() {
        return deployment;
    }

    public Project project() {
        return project;
    }

    public Environment environment() {
        return environment;
    }

    public Optional<Release> previous() {
        return Optional.ofNullable(previous);
    }

    public String instanceId() {
        return instanceId;
    }

    public DeploymentLog log() {
        return log;
    }

    public String commit() {
        return commit;
    }

    public ProjectConfig config() {
        return config;
    }

    public String image() {
        return image;
    }

    public java.util.Optional<dev.slipway.project.BuildRecord> build() {
        return java.util.Optional.ofNullable(build);
    }

    public List<String> webContainers() {
        return List.copyOf(webContainers);
    }

    public List<String> processContainers() {
        return List.copyOf(processContainers);
    }

    public Optional<Release> release() {
        return Optional.ofNullable(release);
    }

    /** Container names are readable and unique per server: {@code slipway-shop-test-d12-web-1-3fa9}. */
    String containerName(String role, int index) {
        return "slipway-" + project.name() + "-" + environment.name() + "-d" + deployment.id() + "-"
                + role.replace(':', '-') + "-" + index + "-" + Labels.shortInstance(instanceId);
    }
}
