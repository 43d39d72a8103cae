package dev.slipway.deploy;

import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.ContainerSpec;
import dev.slipway.engine.ContainerState;
import dev.slipway.engine.EngineException;
import dev.slipway.engine.Limits;
import dev.slipway.engine.Privileges;
import dev.slipway.engine.WebAddress;
import dev.slipway.project.ProjectConfig;
import dev.slipway.router.Upstream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Creating, describing and removing the containers of one deployment. */
final class Containers {
    static final int LOG_TAIL = 10;
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private Containers() {}

    static ContainerSpec spec(DeploymentContext context, String role, int index, String command) {
        return ContainerSpec.of(context.containerName(role, index), context.image)
                .withCommand(command == null ? null : List.of("/bin/sh", "-c", command))
                .withEnv(context.containerEnv)
                .withLabels(Labels.of(context, role))
                .withExtraHosts(List.of("host.docker.internal:host-gateway"))
                .withMounts(context.containerMounts)
                .withNetwork(network(context.project().name(), context.environment().name(), context.instanceId()))
                .withLimits(limits(context.config.resources()))
                .withPrivileges(Privileges.WEB_APP)
                .withGroups(List.copyOf(context.containerGroups));
    }

    /**
     * The environment's own network: its containers (web, processes, migrations) reach each other, and
     * no other environment's or project's. Underscores cannot occur in names, so no two environments
     * share one ("a-b"/"c" and "a"/"b-c").
     */
    static String network(String project, String environment, String instanceId) {
        return "slipway_" + project + "_" + environment + "_" + Labels.shortInstance(instanceId);
    }

    /** Creates the environment's network if it is not there yet (the first deployment, or one removed meanwhile). */
    static void ensureNetwork(ContainerEngine engine, DeploymentContext context) {
        String project = context.project().name();
        String environment = context.environment().name();
        engine.ensureNetwork(network(project, environment, context.instanceId()),
                Labels.ofNetwork(context.instanceId(), project, environment));
    }

    static Limits limits(ProjectConfig.Resources resources) {
        return new Limits(resources.memoryBytes(), resources.milliCpus(), resources.pids());
    }

    /** Where the router and the health check reach a web container. */
    static Upstream upstream(WebAddress web) {
        return new Upstream(web.host(), web.port());
    }

    /** "container X exited with code 3; last log lines: a | b" — what a user needs to act. */
    static String describe(ContainerEngine engine, String id, String what) {
        try {
            ContainerState state = engine.inspect(id);
            List<String> lines = engine.logs(id, LOG_TAIL);
            return what + " " + state.describe() + (lines.isEmpty() ? " (no output)" : "; last log lines: " + String.join(" | ", lines));
        } catch (EngineException e) {
            return what + " is gone: " + e.getMessage();
        }
    }

    static void removeAll(ContainerEngine engine, List<String> ids) {
        for (String id : ids) {
            engine.remove(id);
        }
    }

    /** Removes whatever carries this deployment's labels and role (also after a crash mid-step). */
    static void removeLabelled(ContainerEngine engine, DeploymentContext context, String role) {
        Map<String, String> labels = Labels.of(context, role);
        engine.list(labels).forEach(c -> engine.remove(c.id()));
    }
}
