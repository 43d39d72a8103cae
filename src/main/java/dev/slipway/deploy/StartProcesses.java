package dev.slipway.deploy;

import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.ContainerSpec;
import dev.slipway.engine.ContainerState;
import dev.slipway.project.ProjectConfig;
import java.time.Duration;
import java.util.Map;

/**
 * Step 6: the additional processes (workers, schedulers), {@code replicas} containers each. A process
 * that exits within the check window fails the deployment: a worker that crashes at boot is a broken
 * release even when the web answers.
 */
public final class StartProcesses implements Step {
    public static final Duration DEFAULT_CHECK_WINDOW = Duration.ofSeconds(3);

    private final ContainerEngine engine;
    private final Duration checkWindow;

    public StartProcesses(ContainerEngine engine, Duration checkWindow) {
        this.engine = engine;
        this.checkWindow = checkWindow;
    }

    @Override
    public String name() {
        return "processes";
    }

    @Override
    public void run(DeploymentContext context) throws InterruptedException {
        Map<String, ProjectConfig.Process> processes = context.config.processes();
        if (processes.isEmpty()) {
            context.log().line("no processes");
            return;
        }
        for (var entry : new java.util.TreeMap<>(processes).entrySet()) {
            for (int i = 1; i <= entry.getValue().replicas(); i++) {
                String role = Labels.ROLE_PROCESS_PREFIX + entry.getKey();
                ContainerSpec spec = Containers.spec(context, role, i, entry.getValue().command());
                String id = engine.create(spec);
                context.processContainers.add(id);
                engine.start(id);
                context.log().line("started " + spec.name());
            }
        }
        Thread.sleep(checkWindow.toMillis());
        for (String id : context.processContainers) {
            ContainerState state = engine.inspect(id);
            if (!state.running()) {
                String process = state.labels().getOrDefault(Labels.ROLE, "process").substring(Labels.ROLE_PROCESS_PREFIX.length());
                throw new StepFailedException(Containers.describe(engine, id,
                        "process '" + process + "' (" + state.name() + ") stopped within " + checkWindow.toSeconds() + " s:"));
            }
        }
        context.log().line(context.processContainers.size() + " process container(s) running after " + checkWindow.toSeconds() + " s");
    }

    @Override
    public void undo(DeploymentContext context) {
        Containers.removeAll(engine, context.processContainers);
        context.processContainers.clear();
        engine.list(Map.of(Labels.INSTANCE, context.instanceId(), Labels.DEPLOYMENT, Long.toString(context.deployment().id())))
                .stream()
                .filter(c -> c.labels().getOrDefault(Labels.ROLE, "").startsWith(Labels.ROLE_PROCESS_PREFIX))
                .forEach(c -> engine.remove(c.id()));
    }
}
