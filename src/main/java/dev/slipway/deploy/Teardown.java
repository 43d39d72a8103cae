package dev.slipway.deploy;

import dev.slipway.engine.ContainerState;
import dev.slipway.project.Environment;
import dev.slipway.project.NotFoundException;
import dev.slipway.project.Release;
import dev.slipway.services.ServiceProvider;
import dev.slipway.store.Removal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes environments and projects: their services' resources are forgotten (with
 * {@code deleteData}: deleted), then their containers, network, images and routes are removed, then what the
 * store holds about them. Services go first: when a database cannot be dropped, nothing else has
 * changed yet and the user can try again.
 */
public final class Teardown {
    private static final Logger LOG = LoggerFactory.getLogger(Teardown.class);

    /** What deleting one environment did to each of its services ("kept database …"). */
    public record Report(String project, String environment, List<String> services) {}

    private final DeployTools tools;
    private final Deployer deployer;
    private final Removal removal;

    public Teardown(DeployTools tools, Deployer deployer, Removal removal) {
        this.tools = tools;
        this.deployer = deployer;
        this.removal = removal;
    }

    public Report deleteEnvironment(String project, String environment, boolean deleteData) {
        Environment env = tools.store().environment(project, environment)
                .orElseThrow(() -> new NotFoundException("environment '" + environment + "' of project '" + project + "' not found"));
        requireIdle(env);
        Report report = tearDown(env, deleteData);
        removal.deleteEnvironment(project, environment);
        return report;
    }

    public List<Report> deleteProject(String project, boolean deleteData) {
        tools.store().project(project).orElseThrow(() -> new NotFoundException("project '" + project + "' not found"));
        List<Environment> environments = tools.store().environments(project);
        environments.forEach(this::requireIdle);
        // Refuses (mirrors) before anything is removed.
        removal.requireDeletable(project);
        List<Report> reports = new ArrayList<>();
        for (Environment env : environments) {
            reports.add(tearDown(env, deleteData));
        }
        removal.deleteProject(project);
        return reports;
    }

    private void requireIdle(Environment env) {
        if (deployer.busy(env.project(), env.name())) {
            throw new BusyException(env.key() + " is deploying; delete it when the deployment has finished");
        }
    }

    /** In the environment's queue, so that no supervisor check starts a container it removes. */
    private Report tearDown(Environment env, boolean deleteData) {
        return deployer.exclusively(env.project(), env.name(), () -> removeEverything(env, deleteData));
    }

    private Report removeEverything(Environment env, boolean deleteData) {
        List<String> said = new ArrayList<>();
        for (ServiceProvider provider : tools.services().all()) {
            String sentence = provider.deprovision(env.project(), env.name(), deleteData);
            if (sentence != null) said.add(provider.name() + ": " + sentence);
        }
        tools.routes().forget(env.project(), env.name());
        for (ContainerState c : tools.engine().list(Map.of(Labels.INSTANCE, tools.instanceId(), Labels.PROJECT, env.project(), Labels.ENVIRONMENT, env.name()))) {
            tools.engine().remove(c.id());
        }
        String network = Containers.network(env.project(), env.name(), tools.instanceId());
        if (!tools.engine().removeNetwork(network)) {
            LOG.warn("network {} of {} is still in use by a container Slipway did not start; left in place", network, env.key());
        }
        for (Release r : tools.store().releases(env.project(), env.name(), 0)) {
            tools.engine().removeImage(r.image());
        }
        return new Report(env.project(), env.name(), said);
    }
}
