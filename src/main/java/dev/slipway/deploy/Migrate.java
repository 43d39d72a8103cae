package dev.slipway.deploy;

import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.RunResult;
import java.time.Duration;
import java.util.List;

/** Step 5: each migration command, in order, in a one-off container of the new image. */
public final class Migrate implements Step {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private final ContainerEngine engine;
    private final Duration timeout;

    public Migrate(ContainerEngine engine, Duration timeout) {
        this.engine = engine;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "migrate";
    }

    @Override
    public void run(DeploymentContext context) {
        List<String> commands = context.config.migrate();
        if (commands.isEmpty()) {
            context.log().line("no migration commands");
            return;
        }
        int index = 0;
        for (String command : commands) {
            index++;
            context.log().line("$ " + command);
            RunResult result = engine.run(Containers.spec(context, Labels.ROLE_MIGRATE, index, command), timeout, context.log());
            String tail = result.lastLines().isEmpty() ? " (no output)"
                    : "; last output: " + String.join(" | ", result.lastLines().subList(Math.max(0, result.lastLines().size() - Containers.LOG_TAIL), result.lastLines().size()));
            if (result.timedOut()) {
                throw new StepFailedException("migration '" + command + "' did not finish within " + timeout.toSeconds() + " s" + tail);
            }
            if (result.exitCode() != 0) {
                throw new StepFailedException("migration '" + command + "' exited with code " + result.exitCode() + tail);
            }
        }
    }

    @Override
    public void undo(DeploymentContext context) {
        // The engine removes one-off containers itself; this covers one left by an interrupted run.
        Containers.removeLabelled(engine, context, Labels.ROLE_MIGRATE);
    }
}
